package dev.rvf.format;

/** Where witness timestamps come from; injectable so that written files are reproducible in tests. */
public interface Clock {
    /** Wall-clock time in nanoseconds since the UNIX epoch. */
    long nowNanos();

    /** The system clock (millisecond resolution, as available everywhere TeaVM runs). */
    Clock SYSTEM = new Clock() {
        @Override
        public long nowNanos() {
            return System.currentTimeMillis() * 1_000_000L;
        }
    };
}
