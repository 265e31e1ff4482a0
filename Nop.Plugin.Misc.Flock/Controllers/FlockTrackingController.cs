using Flock.Engine.Messaging;
using Microsoft.AspNetCore.Mvc;
using Nop.Data;
using Nop.Plugin.Misc.Flock.Domain;
using Nop.Plugin.Misc.Flock.Services.Chains;
using Microsoft.AspNetCore.Http.Extensions;

namespace Nop.Plugin.Misc.Flock.Controllers;

//inside the namespace: linq2db's conditional Set/UpdateAsync wins over nopCommerce's same-named helpers
using LinqToDB;

/// <summary>
/// The open pixel and the click redirect of chain messages (T6). Each records its moment once, by a conditional update
/// (first open, first click; a click counts as an open too, since pictures are often blocked), so reloads, mail-client
/// prefetches and a curl loop count one open and one click per message. A bad signature is a plain 404: no redirect to
/// anywhere a link was not sent to. A plain controller: nopCommerce's base controller would save the "current
/// customer" of each request, and a mail client fetching the picture without cookies would make a guest customer per open.
/// </summary>
public class FlockTrackingController : Controller
{
    private static readonly byte[] Gif = Convert.FromBase64String("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7");

    protected readonly IRepository<FlockChainAction> _actionRepository;
    protected readonly TrackingLinks _trackingLinks;

    public FlockTrackingController(IRepository<FlockChainAction> actionRepository, TrackingLinks trackingLinks)
    {
        _actionRepository = actionRepository;
        _trackingLinks = trackingLinks;
    }

    [HttpGet]
    public async Task<IActionResult> Open(int actionId, string signature)
    {
        if (!_trackingLinks.IsValidOpen(actionId, signature))
            return NotFound();
        await MarkOpenedAsync(actionId);
        Response.Headers.CacheControl = "no-store, no-cache, must-revalidate";
        return File(Gif, "image/gif");
    }

    [HttpGet]
    public async Task<IActionResult> Click(int actionId, string signature, string u)
    {
        if (!MessageTracking.IsWebLink(u) || !_trackingLinks.IsValidClick(actionId, u, signature))
            return NotFound();
        var now = DateTime.UtcNow;
        await _actionRepository.Table.Where(a => a.Id == actionId && a.ClickedOnUtc == null).Set(a => a.ClickedOnUtc, now).UpdateAsync();
        await MarkOpenedAsync(actionId);
        return Redirect(UriHelper.Encode(new Uri(u)));
    }

    protected virtual async Task MarkOpenedAsync(int actionId)
    {
        var now = DateTime.UtcNow;
        await _actionRepository.Table.Where(a => a.Id == actionId && a.OpenedOnUtc == null).Set(a => a.OpenedOnUtc, now).UpdateAsync();
    }
}
