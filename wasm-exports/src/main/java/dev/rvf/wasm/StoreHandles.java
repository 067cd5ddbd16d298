package dev.rvf.wasm;

import dev.rvf.ErrorCode;
import dev.rvf.RvfException;
import dev.rvf.store.RvfStore;
import java.util.HashMap;
import java.util.Map;

/**
 * The open stores of one module instance, by handle: the i32 the ABI passes instead of an object.
 *
 * <p>A handle is a positive int from a counter that only goes up, so a handle is never reused within an instance:
 * a stale handle (its store was closed) stays invalid instead of silently naming a newer store. Unknown and closed
 * handles are BAD_HANDLE. At most {@code maxOpen} stores are open at once (LIMIT_EXCEEDED beyond); after
 * {@code Integer.MAX_VALUE} handles in one instance every new one is LIMIT_EXCEEDED too.
 *
 * <p>Pure Java (no TeaVM types) so it is unit-tested on the JVM.
 */
public final class StoreHandles {
    /** Default cap on open stores per instance. */
    public static final int DEFAULT_MAX_OPEN = 65536;

    private final int maxOpen;
    private final Map<Integer, RvfStore> open = new HashMap<>();
    private int lastIssued;

    public StoreHandles(int maxOpen) {
        this(maxOpen, 0);
    }

    /** Tests only: starts the counter at {@code lastIssued} to reach its end quickly. */
    StoreHandles(int maxOpen, int lastIssued) {
        if (maxOpen <= 0 || lastIssued < 0) {
            throw new IllegalArgumentException("maxOpen must be positive and lastIssued not negative");
        }
        this.maxOpen = maxOpen;
        this.lastIssued = lastIssued;
    }

    /**
     * Throws LIMIT_EXCEEDED unless one more store can get a handle. Callers check this before creating, opening
     * or deriving a store, so a refused call has no side effect (derive writes to its parent's log).
     */
    public void requireRoom() {
        if (open.size() >= maxOpen) {
            throw new RvfException(ErrorCode.LIMIT_EXCEEDED, "already " + open.size()
                    + " open stores, the most one instance holds: close some first");
        }
        if (lastIssued == Integer.MAX_VALUE) {
            throw new RvfException(ErrorCode.LIMIT_EXCEEDED, "this instance has issued every store handle it can");
        }
    }

    /** Registers an open store; returns its new handle. */
    public int add(RvfStore store) {
        if (store == null) {
            throw new RvfException(ErrorCode.INVALID_ARGUMENT, "no store to register");
        }
        requireRoom();
        int handle = ++lastIssued;
        open.put(handle, store);
        return handle;
    }

    /** The store behind {@code handle}; BAD_HANDLE when it was never issued or its store was closed. */
    public RvfStore get(int handle) {
        RvfStore store = open.get(handle);
        if (store == null) {
            throw badHandle(handle);
        }
        return store;
    }

    /** Forgets {@code handle} and returns its store (the caller closes it); BAD_HANDLE as {@link #get}. */
    public RvfStore remove(int handle) {
        RvfStore store = open.remove(handle);
        if (store == null) {
            throw badHandle(handle);
        }
        return store;
    }

    /** Number of open stores. */
    public int openCount() {
        return open.size();
    }

    private RvfException badHandle(int handle) {
        String why = handle > 0 && handle <= lastIssued ? " (its store was closed)" : " (never issued)";
        return new RvfException(ErrorCode.BAD_HANDLE, "store handle " + handle + why);
    }
}
