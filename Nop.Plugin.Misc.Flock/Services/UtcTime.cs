namespace Nop.Plugin.Misc.Flock.Services;

/// <summary>nopCommerce's UTC <see cref="DateTime"/> columns as the engine's moments.</summary>
public static class UtcTime
{
    public static DateTimeOffset Of(DateTime utc) => new(DateTime.SpecifyKind(utc, DateTimeKind.Utc));
}
