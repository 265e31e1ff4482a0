using System.Text;

namespace Nop.Plugin.Misc.Flock.Factories;

/// <summary>CSV for Excel: UTF-8 with BOM (Cyrillic opens correctly), RFC 4180 quoting, formula-leading cells neutralised.</summary>
public static class CsvExport
{
    public static byte[] Write(IEnumerable<string> header, IEnumerable<IEnumerable<object>> rows)
    {
        var sb = new StringBuilder();
        sb.Append(string.Join(",", header.Select(Cell))).Append("\r\n");
        foreach (var row in rows)
            sb.Append(string.Join(",", row.Select(v => Cell(Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture))))).Append("\r\n");
        var preamble = Encoding.UTF8.GetPreamble();
        var body = Encoding.UTF8.GetBytes(sb.ToString());
        return [.. preamble, .. body];
    }

    /// <summary>One cell: a leading = + - @ (or tab / carriage return) is prefixed with ' so spreadsheets do not run it as a formula.</summary>
    public static string Cell(string value)
    {
        value ??= "";
        if (value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r')
            value = "'" + value;
        return value.IndexOfAny([',', '"', '\r', '\n']) >= 0 || value.StartsWith(' ') || value.EndsWith(' ')
            ? "\"" + value.Replace("\"", "\"\"") + "\""
            : value;
    }
}
