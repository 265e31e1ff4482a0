using Flock.Engine.Chains;

namespace Flock.Engine.Tests.Chains;

public class ChainJsonTests
{
    public static TheoryData<string> GalleryKeys() => [.. ChainGallery.All.Select(s => s.Key)];

    [Theory]
    [MemberData(nameof(GalleryKeys))]
    public void Every_ready_scenario_writes_and_reads_back_the_same(string key)
    {
        var chain = ChainGallery.Find(key)!.Chain;
        var json = ChainJson.Write(chain, indented: true);
        var parsed = ChainJson.Parse(json);
        Assert.True(parsed.IsValid, parsed.Validation.ToString());
        Assert.Equal(json, ChainJson.Write(parsed.Chain!, indented: true));
    }

    [Fact]
    public void A_chain_reads_from_the_documented_shape()
    {
        var parsed = ChainJson.Parse("""
            {
              "key": "cart", "name": "Cart", "trigger": { "kind": "cartChanged" },
              "reEntry": { "kind": "oncePerDays", "days": 7 }, "priority": "cart",
              // the type may come anywhere in a step
              "steps": [
                { "id": "idle", "duration": "01:00:00", "from": "lastActivity", "type": "wait" },
                { "type": "branch", "id": "big", "condition": { "match": "all", "conditions": [ { "field": "cart.total", "operator": "gte", "value": 100 } ] }, "then": "vip" },
                { "type": "send", "id": "reminder", "channel": "email", "template": "Flock.Chain.cart.reminder", "expiresAfter": "12:00:00" },
                { "type": "exit", "id": "stop" },
                { "type": "coupon", "id": "vip", "percent": 10 },
                { "type": "waitUntil", "id": "morning", "localTime": "10:00:00" },
                { "type": "send", "id": "vip-reminder", "channel": "email", "template": "t" },
              ],
              "exitGoals": [ { "kind": "purchase" } ],
            }
            """);
        Assert.True(parsed.IsValid, parsed.Validation.ToString());
        var chain = parsed.Chain!;
        Assert.Equal(7, chain.ReEntry.Days);
        Assert.Equal(WaitFrom.LastActivity, Assert.IsType<WaitStep>(chain.Steps[0]).From);
        Assert.Equal(TimeSpan.FromHours(12), Assert.IsType<SendStep>(chain.Steps[2]).ExpiresAfter);
        Assert.Equal(new TimeOnly(10, 0), Assert.IsType<WaitUntilStep>(chain.Steps[5]).LocalTime);
        Assert.Equal(0.10, chain.HoldoutShare);
    }

    [Fact]
    public void A_bad_chain_is_refused_with_the_path_of_every_problem()
    {
        var parsed = ChainJson.Parse("""
            {
              "key": "bad key", "name": "", "trigger": { "kind": "lastOrderAged" }, "holdoutShare": 0.9,
              "steps": [
                { "type": "wait", "id": "w", "duration": "00:00:00" },
                { "type": "branch", "id": "b", "condition": { "match": "all", "conditions": [ { "field": "cart.total", "operator": "gte", "value": "many" } ] }, "then": "w" },
                { "type": "send", "id": "s", "channel": "email", "template": "" },
                { "type": "send", "id": "s", "channel": "email", "template": "t", "expiresAfter": "00:01:00" },
                { "type": "coupon", "id": "c", "percent": 150 },
              ],
              "exitGoals": [ { "kind": "rule" } ]
            }
            """);
        Assert.False(parsed.IsValid);
        Assert.Null(parsed.Chain);
        Assert.Equal(
            ["key", "name", "trigger.days", "holdoutShare", "steps[3].id", "steps[0].duration", "steps[1].condition.conditions[0].value", "steps[1].then",
             "steps[2].template", "steps[3].expiresAfter", "steps[4].percent", "exitGoals[0].rule"],
            parsed.Problems.Select(p => p.Path));
    }

    [Theory]
    [InlineData("", "", "chain JSON is empty")]
    [InlineData("[1]", "", "expected a JSON object")]
    [InlineData("{\"key\": ", "", "malformed JSON")]
    [InlineData("""{"key":"k","name":"n","trigger":{"kind":"cartChanged"},"steps":[{"id":"x"}]}""", "steps[0].type", "required")]
    [InlineData("""{"key":"k","name":"n","trigger":{"kind":"cartChanged"},"steps":[{"type":"sms","id":"x"}]}""", "steps[0].type", "unknown step type 'sms'")]
    [InlineData("""{"key":"k","name":"n","trigger":{"kind":"cartChanged"},"steps":[{"type":"send","id":"x","channel":"fax","template":"t"}]}""", "steps[0].channel", "unknown value")]
    [InlineData("""{"key":"k","name":"n","trigger":{"kind":"cartChanged"},"steps":[{"type":"wait","id":"x"}]}""", "steps[0]", "missing duration")]
    [InlineData("""{"key":"k","name":"n","trigger":{"kind":"cartChanged"},"steps":[{"type":"wait","id":"x","duration":"soon"}]}""", "steps[0].duration", "expected a duration")]
    public void Unreadable_documents_say_where_and_what(string json, string path, string message)
    {
        var parsed = ChainJson.Parse(json);
        var problem = Assert.Single(parsed.Problems);
        Assert.Equal(path, problem.Path);
        Assert.Contains(message, problem.Message);
    }
}
