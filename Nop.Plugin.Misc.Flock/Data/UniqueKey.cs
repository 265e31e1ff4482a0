using System.Data.Common;
using Nop.Core;
using Nop.Data;

namespace Nop.Plugin.Misc.Flock.Data;

/// <summary>
/// Recognises "this row already exists" from any provider nopCommerce supports, without referencing a driver:
/// PostgreSQL 23505, MySQL 23000 (1062), SQL Server 2601/2627. Flock inserts first and treats this as "already done".
/// </summary>
public static class UniqueKey
{
    public static bool IsViolation(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is DbException db && (db.SqlState is "23505" or "23000" || db.ErrorCode is 2601 or 2627))
                return true;

            var message = e.Message;
            if (message.Contains("duplicate key", StringComparison.OrdinalIgnoreCase)
                || message.Contains("Duplicate entry", StringComparison.OrdinalIgnoreCase)
                || message.Contains("UNIQUE constraint failed", StringComparison.OrdinalIgnoreCase))
                return true;
        }

        return false;
    }

    /// <summary>Inserts the rows; when another node inserted some of them a moment ago (a unique key), the rest one by one: theirs stand.</summary>
    public static async Task InsertMissingAsync<TEntity>(IRepository<TEntity> repository, IList<TEntity> rows) where TEntity : BaseEntity
    {
        if (rows.Count == 0)
            return;
        try
        {
            await repository.InsertAsync(rows, publishEvent: false);
        }
        catch (Exception exception) when (IsViolation(exception))
        {
            foreach (var row in rows)
                try
                {
                    row.Id = 0;
                    await repository.InsertAsync(row, publishEvent: false);
                }
                catch (Exception one) when (IsViolation(one))
                {
                }
        }
    }
}
