using System.Security.Claims;
using System.Text.Encodings.Web;
using Ledger.Api.Errors;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Ledger.Api.Auth;

/// <summary><c>Authorization: Bearer &lt;api key&gt;</c> → the merchant that owns the key.</summary>
public sealed class ApiKeyAuthentication(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    MerchantDirectory merchants) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string MerchantClaim = "merchant_id";
    public const string KeyClaim = "key_id";
    private const string BearerPrefix = "Bearer ";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? header = Request.Headers.Authorization;
        if (string.IsNullOrEmpty(header))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        if (!header.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase)
            || merchants.Find(header[BearerPrefix.Length..].Trim()) is not { } apiKey)
        {
            return Task.FromResult(AuthenticateResult.Fail("invalid API key"));
        }

        // The rate limiter partitions by key (and reads the key's own limit) from this feature.
        Context.Features.Set(apiKey);
        var identity = new ClaimsIdentity([new Claim(MerchantClaim, apiKey.MerchantId), new Claim(KeyClaim, apiKey.KeyId)], SchemeName);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.Headers.WWWAuthenticate = "Bearer";
        var problem = ApiProblem.Of(StatusCodes.Status401Unauthorized, ErrorCodes.Unauthenticated, "Authentication required",
            "Send a valid API key as 'Authorization: Bearer <key>'.");
        await problem.ToResponse().WriteAsync(Response, Context.RequestAborted);
    }
}

public static class MerchantClaims
{
    /// <summary>The authenticated merchant; endpoints only run for authenticated callers.</summary>
    public static string MerchantId(this ClaimsPrincipal user) =>
        user.FindFirstValue(ApiKeyAuthentication.MerchantClaim)
        ?? throw new InvalidOperationException("no authenticated merchant on this request");
}
