using Nop.Web.Models.Catalog;

namespace Nop.Plugin.Misc.Flock.Models;

/// <summary>A recommendation block: its title resource, where it is (product, cart, thankyou) and the products with their reasons.</summary>
public record RecommendationBlockModel
{
    public string Title { get; init; }
    public string Place { get; init; }
    public IList<Item> Items { get; init; } = new List<Item>();

    public record Item(ProductOverviewModel Product, string Reason, string Kind);
}
