using MlEvents.Worker.Pipeline;

namespace MlEvents.Integration.Tests.Worker;

public sealed class PartitionOffsetTrackerTests
{
    [Fact]
    public void Nothing_is_committable_until_the_oldest_offset_completes()
    {
        var tracker = Track(10, 11, 12);

        Assert.False(tracker.Complete(12));
        Assert.False(tracker.Complete(11));
        Assert.Null(tracker.CommittablePosition);

        Assert.True(tracker.Complete(10));
        Assert.Equal(13, tracker.CommittablePosition);
        Assert.Equal(0, tracker.PendingCount);
    }

    [Fact]
    public void The_position_advances_only_over_the_contiguous_completed_prefix_and_skips_offset_gaps()
    {
        var tracker = Track(0, 1, 5, 6, 9); // gaps: compacted or transactional topics

        tracker.Complete(0);
        tracker.Complete(5);
        Assert.Equal(1, tracker.CommittablePosition);
        Assert.Equal(1, tracker.OldestPending);

        tracker.Complete(1);
        Assert.Equal(6, tracker.CommittablePosition); // 5 is the next tracked offset after 1
        Assert.Equal([6L, 9L], tracker.PendingOffsets());

        tracker.Complete(9);
        Assert.Equal(6, tracker.CommittablePosition);
        tracker.Complete(6);
        Assert.Equal(10, tracker.CommittablePosition);
    }

    [Fact]
    public void Random_completion_orders_never_commit_past_an_unfinished_offset()
    {
        var random = new Random(1234);
        for (var round = 0; round < 200; round++)
        {
            var offsets = Enumerable.Range(0, 50).Select(i => (long)(i * 2)).ToArray();
            var tracker = Track(offsets);
            var done = new HashSet<long>();
            foreach (var offset in offsets.OrderBy(_ => random.Next()))
            {
                tracker.Complete(offset);
                done.Add(offset);
                var expected = offsets.TakeWhile(done.Contains).Select(o => (long?)o + 1).LastOrDefault();
                Assert.Equal(expected, tracker.CommittablePosition);
            }
        }
    }

    [Fact]
    public void Misuse_is_rejected()
    {
        var tracker = Track(3);
        Assert.Throws<InvalidOperationException>(() => tracker.Track(3));
        Assert.Throws<InvalidOperationException>(() => tracker.Complete(4));
        tracker.Complete(3);
        Assert.Throws<InvalidOperationException>(() => tracker.Complete(3));
    }

    private static PartitionOffsetTracker Track(params long[] offsets)
    {
        var tracker = new PartitionOffsetTracker();
        foreach (var offset in offsets)
        {
            tracker.Track(offset);
        }

        return tracker;
    }
}
