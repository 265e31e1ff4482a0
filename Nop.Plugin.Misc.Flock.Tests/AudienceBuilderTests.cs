using System.Text.Json;
using Flock.Engine.Referrals.Programme;
using Flock.Engine.Snapshots;
using Flock.Engine.Targeting;
using Nop.Core;
using Nop.Core.Domain.Catalog;
using Nop.Core.Domain.Orders;
using Nop.Data;
using Nop.Plugin.Misc.Flock.Factories;
using Nop.Plugin.Misc.Flock.Localization;
using Nop.Plugin.Misc.Flock.Tests.Infrastructure;
using Nop.Services.Catalog;
using Nop.Services.Localization;

namespace Nop.Plugin.Misc.Flock.Tests;

/// <summary>
/// The audience builder's data from the store's real lists (nopCommerce's sample catalogue): labels in the admin's
/// language, pickers whose values are what the engine's fields hold, the product search; and the manufacturer ids of
/// order lines.
/// </summary>
[Collection(NopCollection.Name)]
public class AudienceBuilderTests : IAsyncLifetime
{
    private readonly NopFixture _fixture;

    public AudienceBuilderTests(NopFixture fixture) => _fixture = fixture;

    public Task InitializeAsync() => _fixture.EnsureInstalledAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public void Every_engine_field_has_a_label_and_a_hint_in_english_and_russian_and_every_operator_and_enum_value_a_label()
    {
        foreach (var table in new[] { FlockAdminResources.English, FlockAdminResources.Russian })
        {
            foreach (var field in TargetingFields.Default.Fields)
            {
                Assert.False(string.IsNullOrWhiteSpace(table.GetValueOrDefault(Key($"Field.{field.Name}"))), field.Name);
                Assert.False(string.IsNullOrWhiteSpace(table.GetValueOrDefault(Key($"Field.{field.Name}.Hint"))), field.Name);
                Assert.False(string.IsNullOrWhiteSpace(table.GetValueOrDefault(Key($"FieldGroup.{field.Name.Split('.')[0]}"))), field.Name);
                foreach (var value in field.AllowedValues)
                    Assert.False(string.IsNullOrWhiteSpace(table.GetValueOrDefault(Key($"Value.{field.Name}.{value}"))), value);
            }
            foreach (var op in Enum.GetValues<RuleOperator>())
                Assert.False(string.IsNullOrWhiteSpace(table.GetValueOrDefault(Key($"Operator.{RuleOperators.NameOf(op)}"))), op.ToString());
        }
        Assert.Equal("Категории в заказе", FlockAdminResources.Russian[Key("Field.order.category_ids")]);
    }

    [Fact]
    public async Task The_builder_gets_labelled_fields_with_the_engine_keys_and_the_stores_lists_as_pickers()
    {
        var requests = _fixture.Host.NewRequest();
        var product = requests.Get<IRepository<Product>>().Table.First(p => p.Name == "Build your own computer");
        var rule = $$"""{ "match": "all", "conditions": [ { "field": "order.product_ids", "operator": "contains_any", "value": [{{product.Id}}, 987654] } ] }""";

        using var json = JsonDocument.Parse(await requests.Get<AudienceBuilderFactory>().PrepareJsonAsync(rule));
        var root = json.RootElement;

        var fields = root.GetProperty("fields").EnumerateArray().ToList();
        //every engine field but the cart's (the programme never decides with a cart, so they are not offered)
        Assert.Equal(TargetingFields.Default.Fields.Select(f => f.Name).Where(n => !n.StartsWith("cart.")), fields.Select(f => f.GetProperty("name").GetString()));
        var categories = fields.Single(f => f.GetProperty("name").GetString() == "order.category_ids");
        Assert.Equal("Categories in the order", categories.GetProperty("label").GetString());
        Assert.Equal("Order", categories.GetProperty("group").GetString());
        Assert.Equal("category", categories.GetProperty("picker").GetString());
        Assert.Equal(JsonValueKind.Null, fields.Single(f => f.GetProperty("name").GetString() == "customer.city").GetProperty("picker").ValueKind);
        var gender = fields.Single(f => f.GetProperty("name").GetString() == "customer.gender");
        Assert.Equal(["female", "male", "unknown"], gender.GetProperty("allowed").EnumerateArray().Select(v => v.GetString()));
        Assert.Equal("contains any of", root.GetProperty("operators").GetProperty("contains_any").GetString());
        Assert.Equal("ALL of these are true", root.GetProperty("texts").GetProperty("all").GetString());

        var pickers = root.GetProperty("pickers");
        var known = Assert.Single(pickers.GetProperty("product").GetProperty("known").EnumerateArray());
        Assert.Equal(product.Id, known.GetProperty("value").GetInt32());
        Assert.StartsWith("Build your own computer", known.GetProperty("text").GetString());

        var desktops = requests.Get<IRepository<Category>>().Table.First(c => c.Name == "Desktops");
        var categoryOption = Options(pickers, "category").Single(o => o.GetProperty("value").GetInt32() == desktops.Id);
        Assert.Equal("Computers >> Desktops", categoryOption.GetProperty("text").GetString());

        var apple = requests.Get<IRepository<Manufacturer>>().Table.First(m => m.Name == "Apple");
        Assert.Contains(Options(pickers, "manufacturer"), o => o.GetProperty("value").GetInt32() == apple.Id && o.GetProperty("text").GetString() == "Apple");

        Assert.Contains(Options(pickers, "role"), o => o.GetProperty("value").GetString() == "Registered" && !o.GetProperty("disabled").GetBoolean());
        Assert.Contains(Options(pickers, "store"), o => o.GetProperty("value").GetInt32() == 1);
        Assert.Contains(Options(pickers, "country"), o => o.GetProperty("value").GetString() == "RU");
        Assert.Contains(Options(pickers, "language"), o => o.GetProperty("value").GetString() == "en");
    }

    [Fact]
    public async Task A_label_not_yet_in_the_store_comes_from_flocks_bundled_texts()
    {
        var requests = _fixture.Host.NewRequest();
        var localization = requests.Get<ILocalizationService>();
        var language = await requests.Get<IWorkContext>().GetWorkingLanguageAsync();
        var key = Key("Field.order.manufacturer_ids");
        var resource = await localization.GetLocaleStringResourceByNameAsync(key, language.Id, false);
        if (resource is not null)
            await localization.DeleteLocaleStringResourceAsync(resource);
        try
        {
            Assert.Equal("", await localization.GetResourceAsync(key, language.Id, logIfNotFound: false, defaultValue: "", returnEmptyIfNotFound: true));
            using var json = JsonDocument.Parse(await _fixture.Host.NewRequest().Get<AudienceBuilderFactory>().PrepareJsonAsync(""));
            var field = json.RootElement.GetProperty("fields").EnumerateArray().Single(f => f.GetProperty("name").GetString() == "order.manufacturer_ids");
            Assert.Equal("Manufacturers in the order", field.GetProperty("label").GetString());
        }
        finally
        {
            await localization.AddOrUpdateLocaleResourceAsync(new Dictionary<string, string> { [key] = FlockAdminResources.English[key] }, language.Id);
        }
    }

    [Fact]
    public async Task Products_are_searched_by_name_a_page_at_a_time()
    {
        var factory = _fixture.Host.NewRequest().Get<AudienceBuilderFactory>();

        var found = await factory.SearchProductsAsync("computer", 1);
        Assert.Contains(found.Results, r => r.Text.StartsWith("Build your own computer"));
        Assert.All(found.Results, r => Assert.IsType<int>(r.Value));

        var first = await factory.SearchProductsAsync("", 1);
        var second = await factory.SearchProductsAsync(null, 2);
        Assert.Equal(AudienceBuilderFactory.ProductPageSize, first.Results.Count);
        Assert.True(first.More);
        Assert.Empty(first.Results.Select(r => r.Value).Intersect(second.Results.Select(r => r.Value)));
    }

    [Fact]
    public async Task Order_lines_carry_the_manufacturer_ids_of_their_products()
    {
        var requests = _fixture.Host.NewRequest();
        var mappings = requests.Get<IRepository<ProductManufacturer>>().Table;
        var item = (from i in requests.Get<IRepository<OrderItem>>().Table
                    where mappings.Any(m => m.ProductId == i.ProductId)
                    select i).First();
        var order = requests.Get<IRepository<Order>>().Table.Single(o => o.Id == item.OrderId);

        var snapshot = await requests.Get<SnapshotFactory>().OrderAsync(order);

        Assert.NotEmpty(snapshot.Lines.Single(l => l.ProductId == item.ProductId).ManufacturerIds);
        foreach (var line in snapshot.Lines)
            Assert.Equal(mappings.Where(m => m.ProductId == line.ProductId).Select(m => m.ManufacturerId).OrderBy(id => id), line.ManufacturerIds.Order());
        var manufacturer = snapshot.Lines.First(l => l.ManufacturerIds.Count > 0).ManufacturerIds[0];
        var context = new DecisionContext
        {
            Customer = new CustomerSnapshot { CustomerId = order.CustomerId },
            Order = snapshot,
            Now = DateTimeOffset.UtcNow,
        };
        var matches = RuleCompiler.Compile(new RulePredicate("order.manufacturer_ids", "contains_any", RuleValue.List(RuleValue.Of(manufacturer))));
        Assert.True(matches.Matches(context));
    }

    [Fact]
    public async Task A_rule_of_picked_values_is_valid_and_comes_back_from_the_editor_unchanged()
    {
        var requests = _fixture.Host.NewRequest();
        var manufacturer = requests.Get<IRepository<Manufacturer>>().Table.First(m => m.Name == "Apple").Id;
        // the shapes the pickers write: ids as numbers, role system names, store id, ISO and SEO codes
        var picked = $$"""
            { "match": "all", "conditions": [
              { "field": "order.product_ids", "operator": "contains_any", "value": [4, 1] },
              { "field": "cart.category_ids", "operator": "contains_all", "value": [3, 2] },
              { "field": "order.manufacturer_ids", "operator": "contains_none", "value": [{{manufacturer}}] },
              { "match": "any", "conditions": [
                { "field": "customer.roles", "operator": "contains_any", "value": ["Registered", "Vip"] },
                { "field": "store.id", "operator": "in", "value": [1, 2] },
                { "field": "customer.country", "operator": "eq", "value": "RU" },
                { "field": "store.language", "operator": "not_in", "value": ["en"] } ] } ] }
            """;
        var parsed = RuleJson.Parse(picked);
        Assert.True(parsed.IsValid, parsed.Validation.ToString());
        var factory = requests.Get<CampaignModelFactory>();
        var config = DefaultCampaign.Create(1, "") with { Audience = parsed.Rule };
        Assert.DoesNotContain(config.Validate().Problems, p => p.Path.StartsWith("audience"));

        var model = await factory.PrepareAsync(factory.FromConfig(config, 1));
        //the builder writes back what it read (JSON.stringify of the parsed rule)
        model.AudienceJson = System.Text.Json.Nodes.JsonNode.Parse(model.AudienceJson)!.ToJsonString();
        var problems = new List<Nop.Plugin.Misc.Flock.Models.Admin.ProblemModel>();
        var saved = factory.ToConfig(model, 1, problems);

        Assert.Empty(problems);
        Assert.Equal(RuleJson.Write(config.Audience!), RuleJson.Write(saved.Audience!));
        Assert.Contains("\"value\":[4,1]", RuleJson.Write(saved.Audience!).Replace(" ", ""));
    }

    private static string Key(string rest) => FlockDefaults.ResourcePrefix + ".Admin.Rule." + rest;

    private static List<JsonElement> Options(JsonElement pickers, string kind) =>
        pickers.GetProperty(kind).GetProperty("options").EnumerateArray().ToList();
}
