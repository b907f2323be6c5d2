namespace Atmo.Ble.Protocol;

public sealed partial class HistorySession
{
    /// <summary>Counters of one <see cref="RunAsync"/> call.</summary>
    private sealed class RunState(TimeProvider time, DateTimeOffset requestTime)
    {
        private readonly long _start = time.GetTimestamp();

        public int BatchesStored { get; private set; }
        public int BatchesAcknowledged { get; private set; }
        public int RecordsStored { get; private set; }
        public long Bytes { get; private set; }
        public DateTimeOffset? NewestRecordTime { get; private set; }

        /// <summary>The sequence number of the next batch: batches are numbered in arrival order from 0.</summary>
        public int NextSequence => BatchesStored;

        public TimeSpan Elapsed => time.GetElapsedTime(_start);

        public void Stored(HistoryBatch batch)
        {
            BatchesStored++;
            RecordsStored += batch.Records.Count;
            Bytes += batch.Bytes;
            NewestRecordTime = batch.LastRecordTime;
        }

        public void Acknowledged() => BatchesAcknowledged++;

        public HistoryProgress Progress() => new(BatchesStored, RecordsStored, Bytes, Elapsed);

        public HistoryDownloadResult Result(HistoryOutcome outcome, string? problem) =>
            new(outcome, BatchesStored, BatchesAcknowledged, RecordsStored, Bytes, Elapsed, problem)
            {
                RequestTime = requestTime,
                NewestRecordTime = NewestRecordTime,
            };
    }
}
