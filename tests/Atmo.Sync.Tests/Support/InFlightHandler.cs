namespace Atmo.Sync.Tests.Support;

/// <summary>Counts requests between sending and having the whole response body in memory.</summary>
public sealed class InFlightHandler(InFlightHandler.Counter counter) : DelegatingHandler
{
    public sealed class Counter
    {
        private int _value;
        public int Value => Volatile.Read(ref _value);
        public void Add(int delta) => Interlocked.Add(ref _value, delta);
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        counter.Add(1);
        try
        {
            HttpResponseMessage response = await base.SendAsync(request, cancellationToken);
            await response.Content.LoadIntoBufferAsync(cancellationToken);
            return response;
        }
        finally
        {
            counter.Add(-1);
        }
    }
}
