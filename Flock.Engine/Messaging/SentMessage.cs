namespace Flock.Engine.Messaging;

/// <summary>A message already sent (or handed to its channel) to the recipient: what contact pressure counts.</summary>
public readonly record struct SentMessage(Channel Channel, MessagePriority Priority, DateTime SentAtUtc);

/// <summary>
/// A message a chain wants to send: due from <see cref="DueAtUtc"/>, worthless after <see cref="DeadlineUtc"/>.
/// </summary>
public readonly record struct PendingMessage(Channel Channel, MessagePriority Priority, DateTime DueAtUtc, DateTime DeadlineUtc);
