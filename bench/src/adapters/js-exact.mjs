// The floor: an exact scan in plain JS over one Float32Array with a bounded top-k heap.
// Both metrics become one dot-product scan: cosine stores unit vectors and ranks by -q.x; L2 ranks by
// |x|^2 - 2 q.x (|q|^2 is the same for every x), with |x|^2 computed at build time.
import { TopK } from '../core/topk.mjs';

export const adapter = {
  name: 'js-exact',
  label: 'JS exact scan',
  package: 'plain JS in this harness (src/adapters/js-exact.mjs)',
  kind: 'exact',
  runtimes: ['node', 'browser'],
  async load() {},
  async build({ dim, metric, n, vectors }) {
    return new JsExactIndex(dim, metric, n, vectors);
  },
  info() { return { implementation: 'Float32Array, dot product with a running index and 4 accumulators, max-heap top-k' }; },
};

class JsExactIndex {
  constructor(dim, metric, n, vectors) {
    this.dim = dim;
    this.n = n;
    this.cosine = metric === 'cosine';
    this.data = new Float32Array(vectors);            // own copy, as a library would keep
    this.bias = new Float64Array(n);                  // |x|^2 for L2, unused for cosine
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let j = i * dim, end = j + dim; j < end; j++) s += this.data[j] * this.data[j];
      if (this.cosine) {
        const scale = s > 0 ? 1 / Math.sqrt(s) : 0;
        for (let j = i * dim, end = j + dim; j < end; j++) this.data[j] *= scale;
      } else {
        this.bias[i] = s;
      }
    }
    this.query = new Float32Array(dim);
    this.top = new TopK(1);
    this.out = [];
  }

  search(query, k) {
    const { dim, n, data, bias } = this;
    const q = this.query;
    q.set(query);
    let factor = -2;
    if (this.cosine) {
      let s = 0;
      for (let j = 0; j < dim; j++) s += q[j] * q[j];
      factor = -1 / (s > 0 ? Math.sqrt(s) : 1);        // ranks by -cos(q, x); x is already unit length
    }
    if (this.top.k !== k) this.top = new TopK(k);
    const top = this.top;
    top.reset();
    const tail = dim & 3;
    let threshold = Infinity;
    // One running index into data (cheaper than base + j in V8); 4 independent accumulators.
    for (let i = 0, p = 0; i < n; i++) {
      let a0 = 0, a1 = 0, a2 = 0, a3 = 0;
      const bodyEnd = p + dim - tail;
      let j = 0;
      for (; p < bodyEnd; j += 4, p += 4) {
        a0 += q[j] * data[p];
        a1 += q[j + 1] * data[p + 1];
        a2 += q[j + 2] * data[p + 2];
        a3 += q[j + 3] * data[p + 3];
      }
      for (; j < dim; j++, p++) a0 += q[j] * data[p];
      const score = bias[i] + factor * ((a0 + a1) + (a2 + a3));
      if (score < threshold) {
        top.push(score, i);
        threshold = top.threshold();
      }
    }
    const out = new Int32Array(top.size);
    top.drainSorted(out);
    return out;
  }

  wasmMemoryBytes() { return null; }
  close() { this.data = null; }
}
