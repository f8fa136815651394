using FastEndpoints;
using FluentValidation;
using Ledger.Api.Hosting;
using Ledger.Api.Idempotency;
using Ledger.Api.Sharding;
using Ledger.Api.Writes;
using Ledger.Domain.Charges;
using Ledger.Projections.Storage;

namespace Ledger.Api.Charges.Creating;

public sealed class CreateChargeRequest
{
    public long? Amount { get; init; }

    public string? Currency { get; init; }

    /// <summary>Capture at once (default) or only authorize.</summary>
    public bool? Capture { get; init; }

    public string? Description { get; init; }

    public Dictionary<string, string>? Metadata { get; init; }
}

public sealed class CreateChargeValidator : Validator<CreateChargeRequest>
{
    public CreateChargeValidator()
    {
        RuleFor(x => x.Amount).NotNull().MinorUnits();
        RuleFor(x => x.Currency).CurrencyCode();
        RuleFor(x => x.Description).MaximumLength(1000);
        RuleFor(x => x.Metadata).SetValidator(new MetadataValidator()!).When(x => x.Metadata is not null);
    }
}

/// <summary>POST /v1/charges: authorizes (and by default captures) a charge whose id is the Idempotency-Key's.</summary>
public sealed class CreateChargeEndpoint(IdempotencyExecutor idempotency, ShardMap shards, TimeProvider clock)
    : Endpoint<CreateChargeRequest>
{
    public override void Configure() => Post("/v1/charges");

    public override async Task HandleAsync(CreateChargeRequest req, CancellationToken ct)
    {
        var request = HttpContext.IdempotentRequest();
        var response = await idempotency.ExecuteAsync(request, () => CreateAsync(request, req), ct);
        await response.WriteAsync(HttpContext.Response, ct);
    }

    private async Task<CommandOutcome> CreateAsync(IdempotentRequest request, CreateChargeRequest req)
    {
        var now = clock.GetUtcNow();
        var chargeId = ChargeIds.Charge(request.RecordId);
        var decision = ChargeDecisions.Authorize(
            new AuthorizeCharge(chargeId, request.MerchantId, req.Amount!.Value, req.Currency!, req.Capture ?? true,
                req.Description, req.Metadata ?? []),
            now);
        if (decision.Error is { } error)
        {
            return CommandOutcome.Refuse(error);
        }

        var charge = Charge.Fold(decision.Events)!;
        var response = request.Respond(StatusCodes.Status201Created, ApiJson.Serialize(ChargeResponse.From(charge)), now);
        var result = await shards.For(request.MerchantId).Writer.WriteAsync(
            new LedgerWrite([new NewStream(LedgerStore.ChargeStream, chargeId, decision.Events)], [], response),
            CancellationToken.None);
        return CommandOutcome.From(result, response);
    }
}
