/**
 * The store: one in-memory vector database behind the Wasm module and the JS API.
 *
 * <p>{@link dev.rvf.store.RvfStore} ties together the append-only log ({@link dev.rvf.format.RvfWriter}), the
 * vectors and their HNSW index ({@link dev.rvf.index.HnswIndex}) and per-vector metadata
 * ({@link dev.rvf.filter.MetadataTable}). The rest are small immutable values: options ({@link
 * dev.rvf.store.StoreOptions}, {@link dev.rvf.store.QueryOptions}), results ({@link dev.rvf.store.IngestResult},
 * {@link dev.rvf.store.DeleteResult}, {@link dev.rvf.format.CompactionResult}, {@link dev.rvf.store.SearchHit}),
 * status ({@link dev.rvf.store.StoreStatus}, {@link dev.rvf.store.IndexStatus}) and embedded programs ({@link
 * dev.rvf.store.KernelData}, {@link dev.rvf.store.EbpfData}).
 *
 * <p>The INDEX and META segments the store adds to files, and how the reference treats them, are described in
 * docs/FORMAT-EXTENSIONS.md. Plain Java for TeaVM: no threads, reflection, NIO files or String.format.
 */
package dev.rvf.store;
