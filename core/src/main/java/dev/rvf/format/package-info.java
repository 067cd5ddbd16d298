/**
 * The {@code .rvf} file format as the reference implementation really writes it (dialect R, see
 * {@code shared/docs/rvf-format.md}), on byte arrays only.
 *
 * <p>Reading: {@link dev.rvf.format.RvfFile#parse} lists the segments ({@link dev.rvf.format.SegmentScanner}),
 * finds the latest manifest ({@link dev.rvf.format.TailDiscovery}) and loads the vectors it lists, verifying their
 * content hashes. Writing: {@link dev.rvf.format.RvfWriter} is an append-only log that produces byte for byte what
 * the reference binding writes for the same operations. In between are the low-level pieces
 * ({@link dev.rvf.format.ByteReader}, {@link dev.rvf.format.ByteWriter}, {@link dev.rvf.format.Crc32},
 * {@link dev.rvf.format.ContentHash}, {@link dev.rvf.format.Fold256}) and one codec per payload type.
 *
 * <p>Every length or count read from bytes is checked against the bytes present before anything is allocated;
 * bad input fails with an {@link dev.rvf.RvfException} whose code says what was wrong and whose offset says where.
 * Plain Java for TeaVM: no threads, reflection, NIO files or String.format.
 */
package dev.rvf.format;
