// Bounded top-k: keeps the k smallest scores seen in a max-heap (root = the worst kept score), so a
// candidate costs one comparison unless it beats the current k-th best.

export class TopK {
  constructor(k) {
    this.k = k;
    this.scores = new Float64Array(k);
    this.ids = new Int32Array(k);
    this.size = 0;
  }

  reset() { this.size = 0; }

  /** The score a candidate must beat to enter (Infinity while fewer than k are kept). */
  threshold() { return this.size < this.k ? Infinity : this.scores[0]; }

  push(score, id) {
    const scores = this.scores, ids = this.ids;
    if (this.size < this.k) {
      let i = this.size++;
      while (i > 0) {                                   // sift up
        const parent = (i - 1) >> 1;
        if (scores[parent] >= score) break;
        scores[i] = scores[parent]; ids[i] = ids[parent];
        i = parent;
      }
      scores[i] = score; ids[i] = id;
      return;
    }
    if (score >= scores[0]) return;
    const size = this.size;
    let i = 0;                                          // replace the root, sift down
    for (;;) {
      const left = 2 * i + 1;
      if (left >= size) break;
      const right = left + 1;
      const child = right < size && scores[right] > scores[left] ? right : left;
      if (scores[child] <= score) break;
      scores[i] = scores[child]; ids[i] = ids[child];
      i = child;
    }
    scores[i] = score; ids[i] = id;
  }

  /** Kept ids ordered best first (ties by id), written to `outIds` (and scores to `outScores` if given). */
  drainSorted(outIds, outScores) {
    const n = this.size;
    const order = Array.from({ length: n }, (_, i) => i);
    order.sort((a, b) => this.scores[a] - this.scores[b] || this.ids[a] - this.ids[b]);
    for (let i = 0; i < n; i++) {
      outIds[i] = this.ids[order[i]];
      if (outScores) outScores[i] = this.scores[order[i]];
    }
    this.size = 0;
    return n;
  }
}
