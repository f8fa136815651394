using FluentValidation;

namespace Ledger.Api.Charges;

/// <summary>Merchant metadata: small string pairs, bounded so nobody stores documents in it.</summary>
public sealed class MetadataValidator : AbstractValidator<Dictionary<string, string>>
{
    public const int MaxKeys = 50;
    public const int MaxKeyLength = 40;
    public const int MaxValueLength = 500;

    public MetadataValidator()
    {
        RuleFor(m => m.Count).LessThanOrEqualTo(MaxKeys).OverridePropertyName("metadata")
            .WithMessage($"metadata holds at most {MaxKeys} keys");
        RuleForEach(m => m.Keys).Must(k => k.Length is > 0 and <= MaxKeyLength).OverridePropertyName("metadata")
            .WithMessage($"metadata keys must be 1 to {MaxKeyLength} characters");
        // JSON null slips past nullable annotations inside a dictionary: check for it here.
        RuleForEach(m => m.Values).Must(v => v is not null && v.Length <= MaxValueLength).OverridePropertyName("metadata")
            .WithMessage($"metadata values must be strings of at most {MaxValueLength} characters");
    }
}
