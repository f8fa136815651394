using System.Text.Json;

namespace Ledger.Projections.Storage;

/// <summary>
/// How an enum value is spelt in the database: as the documents' serializer writes it
/// (<see cref="LedgerStore.Configure"/>), so a narrow table's column, a document's JSON and a
/// query against either agree.
/// </summary>
public static class StoredNames
{
    public static string Of<TEnum>(TEnum value)
        where TEnum : struct, Enum =>
        JsonNamingPolicy.SnakeCaseLower.ConvertName(value.ToString());
}
