// A canvas scatter plot of the 2-D projection: points coloured by group, the query and its hits on top.
// Equal scale on both axes, so the picture does not distort distances more than the projection already does.

export const PALETTE = ["#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7",
  "#9c755f", "#8cb0d8"];
const PLAIN = "#6b7a90";
const PADDING = 28;

export function groupColor(group) {
  return group === null || group === undefined ? PLAIN : PALETTE[((group % PALETTE.length) + PALETTE.length)
    % PALETTE.length];
}

export class ScatterPlot {
  #canvas;
  #tooltip;
  #describe;
  #points = [];
  #query = null;
  #hits = [];
  #axes = ["", ""];
  #transform = null;
  #zoom = false;

  /**
   * @param {HTMLCanvasElement} canvas
   * @param {{tooltip: HTMLElement, onPick: (id) => void, describe: (point) => string}} options
   */
  constructor(canvas, { tooltip, onPick, describe }) {
    this.#canvas = canvas;
    this.#tooltip = tooltip;
    this.#describe = describe;
    new ResizeObserver(() => this.draw()).observe(canvas);
    canvas.addEventListener("mousemove", (e) => this.#hover(e));
    canvas.addEventListener("mouseleave", () => {
      tooltip.hidden = true;
    });
    canvas.addEventListener("click", (e) => {
      const p = this.#nearest(e);
      if (p) {
        onPick(p.id);
      }
    });
  }

  /** points: [{x, y, id, group}]; axes: labels of the horizontal and vertical axis. */
  setPoints(points, axes) {
    this.#points = points;
    this.#axes = axes;
    this.draw();
  }

  /** query: [x, y] or null; hits: [{x, y, id, group}] nearest first. */
  setHighlight(query, hits) {
    this.#query = query;
    this.#hits = hits;
    this.draw();
  }

  /** Whether the view fits the query and its hits (true) or every point (false). */
  setZoom(on) {
    this.#zoom = on;
    this.draw();
  }

  draw() {
    const canvas = this.#canvas;
    const dpr = window.devicePixelRatio || 1;
    const width = canvas.clientWidth;
    const height = canvas.clientHeight;
    if (width === 0 || height === 0) {
      return;
    }
    canvas.width = Math.round(width * dpr);
    canvas.height = Math.round(height * dpr);
    const g = canvas.getContext("2d");
    g.setTransform(dpr, 0, 0, dpr, 0, 0);
    g.clearRect(0, 0, width, height);

    const focus = this.#query ? [...this.#hits, { x: this.#query[0], y: this.#query[1] }] : [];
    const all = this.#zoom && this.#query ? focus : this.#points.concat(focus);
    if (all.length === 0) {
      g.fillStyle = "#8a94a6";
      g.font = "14px system-ui, sans-serif";
      g.textAlign = "center";
      g.fillText("No vectors to show", width / 2, height / 2);
      this.#transform = null;
      return;
    }
    let minX = Infinity;
    let maxX = -Infinity;
    let minY = Infinity;
    let maxY = -Infinity;
    for (const p of all) {
      minX = Math.min(minX, p.x);
      maxX = Math.max(maxX, p.x);
      minY = Math.min(minY, p.y);
      maxY = Math.max(maxY, p.y);
    }
    // Zoomed in, keep some context around the hits (and never zoom in on a single point without a scale).
    const pad = this.#zoom && this.#query ? Math.max(maxX - minX, maxY - minY, 1e-6) * 0.25 : 0;
    minX -= pad;
    maxX += pad;
    minY -= pad;
    maxY += pad;
    const spanX = Math.max(maxX - minX, 1e-9);
    const spanY = Math.max(maxY - minY, 1e-9);
    const scale = Math.min((width - 2 * PADDING) / spanX, (height - 2 * PADDING) / spanY);
    const cx = (minX + maxX) / 2;
    const cy = (minY + maxY) / 2;
    const tx = (x) => width / 2 + (x - cx) * scale;
    const ty = (y) => height / 2 - (y - cy) * scale;
    this.#transform = { tx, ty };

    // Axis labels and a light frame.
    g.strokeStyle = "#e6e9ef";
    g.lineWidth = 1;
    g.strokeRect(0.5, 0.5, width - 1, height - 1);
    g.fillStyle = "#8a94a6";
    g.font = "12px system-ui, sans-serif";
    g.textAlign = "right";
    g.fillText(this.#axes[0], width - 8, height - 8);
    g.save();
    g.translate(14, 8);
    g.rotate(Math.PI / 2);
    g.textAlign = "left";
    g.fillText(this.#axes[1], 0, 0);
    g.restore();

    const dimmed = this.#query !== null;
    g.globalAlpha = dimmed ? 0.35 : 0.7;
    for (const p of this.#points) {
      g.fillStyle = groupColor(p.group);
      g.beginPath();
      g.arc(tx(p.x), ty(p.y), 2.4, 0, 2 * Math.PI);
      g.fill();
    }
    g.globalAlpha = 1;

    if (this.#query) {
      const qx = tx(this.#query[0]);
      const qy = ty(this.#query[1]);
      g.strokeStyle = "rgba(17, 24, 39, 0.35)";
      g.lineWidth = 1;
      for (const h of this.#hits) {
        g.beginPath();
        g.moveTo(qx, qy);
        g.lineTo(tx(h.x), ty(h.y));
        g.stroke();
      }
      for (const h of this.#hits) {
        g.fillStyle = groupColor(h.group);
        g.strokeStyle = "#111827";
        g.lineWidth = 1.5;
        g.beginPath();
        g.arc(tx(h.x), ty(h.y), 5.5, 0, 2 * Math.PI);
        g.fill();
        g.stroke();
      }
      // The query: a dark diamond with a white rim.
      g.fillStyle = "#111827";
      g.strokeStyle = "#ffffff";
      g.lineWidth = 2;
      g.beginPath();
      g.moveTo(qx, qy - 9);
      g.lineTo(qx + 9, qy);
      g.lineTo(qx, qy + 9);
      g.lineTo(qx - 9, qy);
      g.closePath();
      g.stroke();
      g.fill();
    }
  }

  #nearest(event) {
    if (!this.#transform) {
      return null;
    }
    const rect = this.#canvas.getBoundingClientRect();
    const mx = event.clientX - rect.left;
    const my = event.clientY - rect.top;
    const { tx, ty } = this.#transform;
    let best = null;
    let bestD = 64; // within 8 px
    for (const p of this.#hits.concat(this.#points)) {
      const d = (tx(p.x) - mx) ** 2 + (ty(p.y) - my) ** 2;
      if (d < bestD) {
        best = p;
        bestD = d;
      }
    }
    return best;
  }

  #hover(event) {
    const p = this.#nearest(event);
    const tip = this.#tooltip;
    if (!p) {
      tip.hidden = true;
      this.#canvas.style.cursor = "default";
      return;
    }
    this.#canvas.style.cursor = "pointer";
    tip.textContent = this.#describe(p);
    tip.hidden = false;
    const rect = this.#canvas.getBoundingClientRect();
    tip.style.left = `${event.clientX - rect.left + 12}px`;
    tip.style.top = `${event.clientY - rect.top + 12}px`;
  }
}
