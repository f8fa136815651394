using CsCheck;

namespace Ledger.Tests.Integration.Fuzz;

/// <summary>Generators of what a hostile or broken client sends: JSON that lies about types, bytes that are not JSON, odd text.</summary>
internal static class HostileValues
{
    /// <summary>Text meant to trip parsers, databases and logs.</summary>
    public static readonly Gen<string> Text = Gen.OneOf(
        Gen.Const(""),
        Gen.Const("\u202Eevil\u202C"),            // right-to-left override
        Gen.Const("a\u200Bb\uFEFF"),              // zero-width space and BOM
        Gen.Const("e\u0301\u0301\u0301"),         // stacked combining marks
        Gen.Const("\U0001F4B8\U0001F9E8"),        // astral plane
        Gen.Const("\\ud800"),                      // a lone surrogate, as a JSON escape
        Gen.Const("\\u0000nul"),
        Gen.Const("'; drop table ledger.mt_events; --"),
        Gen.Const("<script>alert(1)</script>"),
        Gen.Const("../../etc/passwd"),
        Gen.Const("%00%0d%0a"),
        Gen.Char[' ', '~'].Array[0, 40].Select(chars => new string(chars).Replace("\\", "", StringComparison.Ordinal).Replace("\"", "", StringComparison.Ordinal)),
        Gen.Int[1, 70_000].Select(n => new string('x', n)));

    /// <summary>Numbers a long cannot hold, that are not integers, or that JSON does not allow.</summary>
    public static readonly Gen<string> Number = Gen.OneOf(
        Gen.Long.Select(n => n.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        Gen.Const("9223372036854775807"), Gen.Const("9223372036854775808"), Gen.Const("-9223372036854775809"),
        Gen.Const("1e400"), Gen.Const("-0"), Gen.Const("1.5"), Gen.Const("1E3"), Gen.Const("0x10"), Gen.Const("01"),
        Gen.Const("NaN"), Gen.Const("Infinity"), Gen.Const("99999999999999999999999999999999999999"));

    /// <summary>Any JSON-ish value: scalars of every type, and arrays and objects of them, nested a little.</summary>
    public static readonly Gen<string> Value = Gen.Recursive<string>((depth, self) =>
    {
        var scalar = Gen.OneOf(Number, Text.Select(Quote), Gen.Const("true"), Gen.Const("false"), Gen.Const("null"));
        return depth >= 3
            ? scalar
            : Gen.Frequency(
                (6, scalar),
                (1, self.Array[0, 4].Select(items => $"[{string.Join(',', items)}]")),
                (1, Gen.Select(Text, self).Array[0, 4].Select(fields => "{" + string.Join(',', fields.Select(f => $"{Quote(f.Item1)}:{f.Item2}")) + "}")));
    });

    /// <summary>A request body: a plausible object with lying fields, or something that is not a JSON object at all.</summary>
    public static Gen<string> Body(params (string Field, string Valid)[] fields) => Gen.Frequency(
        (6, Sequence(fields.Select(f => Gen.Frequency((2, Gen.Const(f.Valid)), (3, Value), (1, Gen.Const("<absent>")))))
            .Select(values => "{" + string.Join(',', fields.Zip(values).Where(p => p.Second != "<absent>").Select(p => $"\"{p.First.Field}\":{p.Second}")) + "}")),
        (1, Value),
        (1, Gen.Int[1, 6_000].Select(depth => new string('[', depth) + new string(']', depth))),
        (1, Gen.Int[1, 3_000].Select(depth => string.Concat(Enumerable.Repeat("{\"a\":", depth)) + "1" + new string('}', depth))),
        (1, Gen.Int[0, 30].Select(cut => """{"amount":1000,"currency":"USD","metadata":{"k":"v"}}"""[..cut])),
        (1, Gen.Byte.Array[1, 200].Select(bytes => System.Text.Encoding.Latin1.GetString(bytes))));

    private static Gen<IReadOnlyList<string>> Sequence(IEnumerable<Gen<string>> gens) =>
        gens.Aggregate(Gen.Const<IReadOnlyList<string>>([]), (all, next) => all.SelectMany(list => next.Select(v => (IReadOnlyList<string>)[.. list, v])));

    private static string Quote(string text) => $"\"{text}\"";
}
