namespace Nop.Plugin.Misc.Flock.Tests.Infrastructure;

/// <summary>
/// A test that needs real parallel transactions, so PostgreSQL (the test base's SQLite is one shared connection):
/// skipped, with the reason shown, unless this run is on PostgreSQL (<see cref="TestDatabase"/>). Its class carries
/// <c>[Trait("Database", "PostgreSQL")]</c> so a run can leave these tests out (build/test.sh's SQLite run does, as it
/// runs them on PostgreSQL next).
/// </summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    public const string Trait = "Database";
    public const string PostgreSQL = "PostgreSQL";

    public PostgresFactAttribute()
    {
        if (!TestDatabase.IsPostgres)
            Skip = $"needs PostgreSQL: {TestDatabase.Variable} is not set (build/test.sh sets it when a local PostgreSQL cluster is present)";
    }
}
