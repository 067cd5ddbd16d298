package dev.rvf.wasm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rvf.ErrorCode;
import dev.rvf.Metric;
import dev.rvf.RvfException;
import dev.rvf.store.RvfStore;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class StoreHandlesTest {
    private static RvfStore store() {
        return RvfStore.create(2, Metric.L2);
    }

    private static void fails(ErrorCode code, String messagePart, Executable call) {
        RvfException e = assertThrows(RvfException.class, call);
        assertEquals(code, e.errorCode(), e.getMessage());
        assertTrue(e.getMessage().contains(messagePart), e.getMessage());
    }

    @Test
    void handlesArePositiveAscendingAndNameTheirStores() {
        StoreHandles handles = new StoreHandles(8);
        RvfStore a = store();
        RvfStore b = store();
        int ha = handles.add(a);
        int hb = handles.add(b);
        assertEquals(1, ha);
        assertEquals(2, hb);
        assertSame(a, handles.get(ha));
        assertSame(b, handles.get(hb));
        assertEquals(2, handles.openCount());
    }

    @Test
    void aRemovedHandleIsNeverReusedAndStaysBad() {
        StoreHandles handles = new StoreHandles(4);
        Set<Integer> issued = new HashSet<>();
        for (int i = 0; i < 100; i++) {
            int h = handles.add(store());
            assertTrue(issued.add(h), "handle " + h + " issued twice");
            assertTrue(h > 0);
            handles.remove(h).close();
            fails(ErrorCode.BAD_HANDLE, "(its store was closed)", () -> handles.get(h));
            fails(ErrorCode.BAD_HANDLE, "(its store was closed)", () -> handles.remove(h));
        }
        assertEquals(0, handles.openCount());
    }

    @Test
    void unknownHandlesAreBad() {
        StoreHandles handles = new StoreHandles(4);
        handles.add(store());
        for (int h : new int[] {0, -1, 2, 12345, Integer.MIN_VALUE, Integer.MAX_VALUE}) {
            fails(ErrorCode.BAD_HANDLE, "store handle " + h + " (never issued)", () -> handles.get(h));
            fails(ErrorCode.BAD_HANDLE, "(never issued)", () -> handles.remove(h));
        }
        assertEquals(1, handles.openCount(), "failed removes change nothing");
    }

    @Test
    void theOpenCapIsEnforcedUntilAStoreCloses() {
        StoreHandles handles = new StoreHandles(3);
        int first = handles.add(store());
        handles.add(store());
        handles.add(store());
        fails(ErrorCode.LIMIT_EXCEEDED, "already 3 open stores", handles::requireRoom);
        fails(ErrorCode.LIMIT_EXCEEDED, "already 3 open stores", () -> handles.add(store()));
        assertEquals(3, handles.openCount());
        handles.remove(first);
        handles.requireRoom();
        assertEquals(4, handles.add(store()), "the refused add did not use up a handle");
    }

    @Test
    void theCounterDoesNotWrapAround() {
        StoreHandles handles = new StoreHandles(4, Integer.MAX_VALUE - 1);
        int last = handles.add(store());
        assertEquals(Integer.MAX_VALUE, last);
        fails(ErrorCode.LIMIT_EXCEEDED, "issued every store handle", handles::requireRoom);
        fails(ErrorCode.LIMIT_EXCEEDED, "issued every store handle", () -> handles.add(store()));
        assertSame(handles.get(last), handles.remove(last));
    }

    @Test
    void nullStoresAndBadCapsAreRejected() {
        StoreHandles handles = new StoreHandles(1);
        fails(ErrorCode.INVALID_ARGUMENT, "no store", () -> handles.add(null));
        assertThrows(IllegalArgumentException.class, () -> new StoreHandles(0));
        assertThrows(IllegalArgumentException.class, () -> new StoreHandles(1, -1));
    }
}
