namespace Ledger.Api.Hosting;

/// <summary>
/// A POST with no body at all (e.g. <c>capture</c> of the full amount) means "no fields": present it
/// as <c>{}</c> so routing accepts it as JSON. Runs before routing, which checks the content type.
/// An empty body labelled JSON (<c>Content-Length: 0</c>) means the same.
/// </summary>
public sealed class EmptyBodyAsEmptyObject(RequestDelegate next)
{
    private static readonly byte[] EmptyObject = "{}"u8.ToArray();

    public Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        if (HttpMethods.IsPost(request.Method)
            && !request.Headers.ContainsKey("Transfer-Encoding")
            && ((request.ContentLength is null or 0 && string.IsNullOrEmpty(request.ContentType))
                || (request.ContentLength == 0 && request.HasJsonContentType())))
        {
            request.ContentType = "application/json";
            request.ContentLength = EmptyObject.Length;
            request.Body = new MemoryStream(EmptyObject, writable: false);
        }

        return next(context);
    }
}
