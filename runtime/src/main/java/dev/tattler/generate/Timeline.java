package dev.tattler.generate;

import dev.tattler.capture.PcapWriter;

import java.io.IOException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * Puts the frames of overlapping conversations into one time-ordered capture.
 *
 * <p>Scenarios schedule <em>activities</em> (a DHCP exchange, a TCP session, the next DNS
 * lookup of a host) at a time; when the timeline reaches that time the activity runs and
 * schedules its frames, all at or after its own start, and possibly further activities. Since
 * everything is drawn from one queue in (time, insertion) order, conversations interleave as
 * they would on a wire, the record timestamps never go backwards, and the output depends only on
 * the order of the scenario's random draws, which makes it reproducible from a seed. Only the
 * near future is held in memory: an activity's frames are queued when it starts.
 *
 * <p>Each written frame is classified from its bytes into the {@link GroundTruth} counts
 * ({@link FrameCounts}), and handed to an optional {@link Observer} with its final timestamp, so
 * a scenario's own ground truth is what the file holds, not what it planned. A host can be
 * silenced from a time on ({@link #silence}), which models a machine dropping off the network.
 */
final class Timeline {
    /** Tag for {@link #frame(long, FrameBuilder, int)}: the frame is a traceroute probe. */
    static final int TAG_TRACEROUTE_PROBE = 1;
    /**
     * Tag for frames a scenario lays over the LAN background (an incident, look-alikes): they
     * are in {@link #truth()} but not in {@link #backgroundTruth()}. Tag bits above this one are
     * free for scenarios and reach the {@link Observer} unchanged.
     */
    static final int TAG_OVERLAY = 2;

    /** Something that happens at a point in time and schedules frames from there on. */
    interface Activity {
        void run(long now) throws IOException;
    }

    private static final class Entry implements Comparable<Entry> {
        final long time;
        final long order;
        final byte[] frame;        // null for an activity
        final int tag;
        final Activity activity;

        Entry(long time, long order, byte[] frame, int tag, Activity activity) {
            this.time = time;
            this.order = order;
            this.frame = frame;
            this.tag = tag;
            this.activity = activity;
        }

        @Override
        public int compareTo(Entry o) {
            int c = Long.compare(time, o.time);
            return c != 0 ? c : Long.compare(order, o.order);
        }
    }

    /** Sees every frame as it is written, with its final timestamp and its tag. */
    interface Observer {
        void written(long ts, byte[] frame, int tag);
    }

    private final PriorityQueue<Entry> queue = new PriorityQueue<>();
    private final PcapWriter out;
    private final long end;
    private final FrameCounts all;
    private final FrameCounts background;
    /** Source MAC -> time from which that host's frames are no longer written. */
    private final Map<Long, Long> silentFrom = new HashMap<>();
    private Observer observer;
    private long order;
    private long now = Long.MIN_VALUE;
    private long lastWritten = Long.MIN_VALUE;

    /**
     * @param end               frames and activities after this time (ns) are dropped: the
     *                          capture ends there, mid-conversation if need be
     * @param directedBroadcast the subnet broadcast address counted as directed broadcast
     */
    Timeline(PcapWriter out, long end, int directedBroadcast) {
        this.out = out;
        this.end = end;
        this.all = new FrameCounts(directedBroadcast);
        this.background = new FrameCounts(directedBroadcast);
    }

    /** Time of the activity running now. */
    long now() {
        return now;
    }

    /** Runs {@code activity} at {@code time}. */
    void at(long time, Activity activity) {
        checkNotPast(time);
        queue.add(new Entry(time, order++, null, 0, activity));
    }

    /** Queues a copy of the frame the builder holds, to be written at {@code time}. */
    void frame(long time, FrameBuilder fb) {
        frame(time, fb, 0);
    }

    void frame(long time, FrameBuilder fb, int tag) {
        checkNotPast(time);
        queue.add(new Entry(time, order++, Arrays.copyOf(fb.buffer(), fb.length()), tag, null));
    }

    /** Capture end: frames and activities after it are dropped. */
    long end() {
        return end;
    }

    /**
     * From {@code from} on, no frame whose source MAC is {@code mac} is written: the host has
     * dropped off the network. Frames it had already queued for later are dropped too, so a
     * conversation cut by the silence ends there, as it would on the wire.
     */
    void silence(long mac, long from) {
        silentFrom.put(mac, from);
    }

    /** Whether the host with this MAC is silent at {@code time}: activities check it to do nothing. */
    boolean silenced(long mac, long time) {
        Long from = silentFrom.get(mac);
        return from != null && time >= from;
    }

    /** Installs the one observer of written frames (replacing any earlier one). */
    void observe(Observer o) {
        observer = o;
    }

    /** Runs activities and writes frames in time order up to the end time. */
    void run() throws IOException {
        Entry e;
        while ((e = queue.poll()) != null && e.time <= end) {
            now = e.time;
            if (e.activity != null) {
                e.activity.run(e.time);
            } else {
                // Two frames drawn for the same nanosecond still get distinct, increasing
                // timestamps, so sorting a capture by time can never reorder it.
                long ts = Math.max(e.time, lastWritten + 1);
                if (!silentFrom.isEmpty() && silenced(sourceMac(e.frame), ts)) {
                    continue;
                }
                out.write(ts, e.frame, 0, e.frame.length, e.frame.length);
                all.count(ts, e.frame, e.tag);
                if ((e.tag & TAG_OVERLAY) == 0) {
                    background.count(ts, e.frame, e.tag);
                }
                if (observer != null) {
                    observer.written(ts, e.frame, e.tag);
                }
                lastWritten = ts;
            }
        }
        queue.clear();
    }

    /** What the capture holds: every frame written. */
    GroundTruth truth() {
        return all.truth();
    }

    /** The frames written without {@link #TAG_OVERLAY}: the LAN background alone. */
    GroundTruth backgroundTruth() {
        return background.truth();
    }

    private void checkNotPast(long time) {
        if (time < now) {
            throw new IllegalStateException("scheduled at " + time + " ns, before the current time " + now);
        }
    }

    /** The source MAC of an Ethernet frame, as a long like {@link FrameBuilder} takes it. */
    static long sourceMac(byte[] frame) {
        long v = 0;
        for (int i = 6; i < 12; i++) {
            v = v << 8 | (frame[i] & 0xFF);
        }
        return v;
    }
}
