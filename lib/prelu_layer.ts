/**
 * The learnable PReLU layer of He, Zhang, Ren & Sun 2015, "Delving Deep
 * into Rectifiers" (https://arxiv.org/abs/1502.01852): forward pass,
 * backward pass (∂E/∂x and ∂E/∂α) and the paper's momentum update of α.
 *
 * @module
 */
import { JUPYTER_DISPLAY } from "./activation.ts";
import {
  checkBoolean,
  checkNumber,
  checkOptions,
  rangeError,
  typeError,
} from "./_validate.ts";

/** Options of {@linkcode PReLU}. */
export interface PReLUOptions {
  /**
   * Number of channels C, an integer from 1 to 2^24 (default 1). Inputs are
   * channel-last: element i of a batch belongs to channel i % C.
   */
  readonly channels?: number;
  /**
   * Initial α: one finite number for every channel (default 0.25, the
   * paper's initialisation), or one value per learned coefficient (length
   * 1 when shared, C when channel-wise).
   */
  readonly alpha?: number | readonly number[] | Float64Array;
  /** Momentum μ in [0, 1) (default 0.9, as in the paper). */
  readonly momentum?: number;
  /** Learning rate ε, a finite number > 0 (default 0.01). */
  readonly learningRate?: number;
  /**
   * One α for all channels (the paper's "channel-shared" variant) instead
   * of one per channel ("channel-wise"). Default false; with one channel
   * the two coincide.
   */
  readonly shared?: boolean;
}

/** A serialisable snapshot of a {@linkcode PReLU} layer. */
export interface PReLUJSON {
  /** Always "PReLU". */
  readonly type: "PReLU";
  /** Number of channels. */
  readonly channels: number;
  /** One α for all channels? */
  readonly shared: boolean;
  /** The α values (length 1 when shared, else `channels`). */
  readonly alpha: number[];
  /** Momentum μ. */
  readonly momentum: number;
  /** Learning rate ε. */
  readonly learningRate: number;
  /** The momentum buffer Δα. */
  readonly velocity: number[];
}

/** What {@linkcode PReLU.backward} returns. */
export interface PReLUGradients<T> {
  /** ∂E/∂x = gradOut ⊙ f'(x), same type and length as `gradOut`. */
  readonly dx: T;
  /** ∂E/∂α of this call, one entry per α (length 1 when shared). */
  readonly dalpha: Float64Array;
}

/**
 * The largest `channels`: 2^24 coefficients (α, velocity and gradient are
 * three Float64Arrays of that length, 384 MiB) — far beyond any layer's
 * channel count, and it keeps an absurd value from reaching the allocator.
 */
const MAX_CHANNELS = 2 ** 24;

function checkInput(name: string, x: unknown): ArrayLike<number> {
  if (x instanceof Float64Array) return x;
  if (Array.isArray(x)) {
    for (let i = 0; i < x.length; i++) {
      if (typeof x[i] !== "number") {
        throw typeError(`${name}[${i}]`, "a number", x[i]);
      }
    }
    return x as number[];
  }
  throw typeError(name, "a Float64Array or an array of numbers", x);
}

/**
 * A learnable Parametric ReLU layer (He et al. 2015), with α shared by all
 * channels or one α per channel, trained by the paper's momentum rule.
 *
 * **Layout.** A batch is a flat `Float64Array` or `number[]` of length
 * N·C, channel-last: element i belongs to channel c = i % C (so a batch of
 * N vectors of C features, or an image of H·W pixels with C channels
 * interleaved, is stored row after row). Its length must be a multiple of C.
 *
 * **Forward** (He et al. 2015, §2.1): y_i = x_i if x_i > 0, else α_c·x_i.
 * `forward` keeps a copy of x for `backward` (the caller may reuse its
 * buffer afterwards).
 *
 * **Backward** (the chain rule of §2.1), with g = ∂E/∂y (`gradOut`):
 * - ∂E/∂x_i = g_i·f'(x_i), f'(x) = 1 if x > 0 else α_c (α at x = 0, the
 *   x ≤ 0 branch, as the `prelu` activation);
 * - ∂E/∂α_c = Σ_{i : i % C = c} g_i·(x_i ≤ 0 ? x_i : 0) (channel-wise),
 *   and for the shared variant ∂E/∂α = Σ_i g_i·(x_i ≤ 0 ? x_i : 0), the sum
 *   over the batch and over all channels.
 *
 * Each `backward` returns the gradients of that call and adds ∂E/∂α to the
 * layer's accumulated gradient (`grad`), which `step()` uses and
 * `zeroGrad()` resets — like PyTorch, `step()` does not reset it.
 *
 * **Update**, with momentum μ and learning rate ε:
 *
 *     Δα ← μ·Δα − ε·∂E/∂α,    α ← α + Δα.
 *
 * He et al. write the momentum rule as Δα ← μΔα + ε·∂E/∂α (their equation
 * (4), copied by the course notes); with that "+" it descends when the step
 * is applied as α ← α − Δα. This layer keeps Δα as the change actually
 * added to α, so its Δα is the paper's with the sign flipped and the
 * iterates of α are the same: a positive ∂E/∂α lowers α (the sign PyTorch
 * and every SGD implementation use). Following the paper, no weight decay
 * (L2) is applied to α: decay would push α toward 0, i.e. toward ReLU.
 * Δα starts at 0.
 *
 * NaN in the data propagates to y, dx and dalpha; the options are
 * validated.
 *
 * @example Usage
 * ```ts
 * import { PReLU } from "@actlab/activations";
 * import { assertEquals, assertAlmostEquals } from "@std/assert";
 *
 * // 2 channels, channel-last batch of 2: [x(0,c0), x(0,c1), x(1,c0), x(1,c1)]
 * const layer = new PReLU({ channels: 2, alpha: 0.25, learningRate: 0.1 });
 * assertEquals(layer.forward([-4, 2, 8, -2]), [-1, 2, 8, -0.5]);
 *
 * const { dx, dalpha } = layer.backward([1, 1, 1, 1]);
 * assertEquals(dx, [0.25, 1, 1, 0.25]);
 * assertEquals(Array.from(dalpha), [-4, -2]); // Σ g·x over x ≤ 0, per channel
 *
 * layer.step(); // Δα = 0.9·0 − 0.1·∂E/∂α = [0.4, 0.2]
 * assertAlmostEquals(layer.alpha[0]!, 0.65);
 * assertAlmostEquals(layer.alpha[1]!, 0.45);
 * ```
 */
export class PReLU {
  #channels: number;
  #shared: boolean;
  #alpha: Float64Array;
  #velocity: Float64Array;
  #grad: Float64Array;
  #momentum: number;
  #learningRate: number;
  #input: Float64Array | undefined;

  /**
   * Create a layer.
   *
   * @param options Channels, initial α, momentum, learning rate, sharing.
   * @throws {TypeError} if an option has the wrong type.
   * @throws {RangeError} if `channels` is not a positive integer, `alpha` is
   * not finite, `momentum` is outside [0, 1), `learningRate` is not a finite
   * number > 0, or an `alpha` array has the wrong length.
   */
  constructor(options: PReLUOptions = {}) {
    const {
      channels = 1,
      alpha = 0.25,
      momentum = 0.9,
      learningRate = 0.01,
      shared = false,
    } = checkOptions("options", options, [
      "channels",
      "alpha",
      "momentum",
      "learningRate",
      "shared",
    ]);
    this.#channels = checkNumber("channels", channels, {
      integer: true,
      min: 1,
      max: MAX_CHANNELS,
    });
    this.#shared = checkBoolean("shared", shared);
    this.#momentum = checkNumber("momentum", momentum, {
      min: 0,
      max: 1,
      exclusiveMax: true,
    });
    this.#learningRate = checkNumber("learningRate", learningRate, {
      min: 0,
      exclusiveMin: true,
    });
    const k = shared ? 1 : this.#channels;
    this.#alpha = new Float64Array(k);
    if (typeof alpha === "number") {
      this.#alpha.fill(checkNumber("alpha", alpha));
    } else if (Array.isArray(alpha) || alpha instanceof Float64Array) {
      if (alpha.length !== k) {
        throw new RangeError(
          `\`alpha\` must have length ${k} (${
            shared ? "shared" : "one per channel"
          }): current length is ${alpha.length}`,
        );
      }
      for (let i = 0; i < k; i++) {
        this.#alpha[i] = checkNumber(`alpha[${i}]`, alpha[i]);
      }
    } else {
      throw typeError("alpha", "a number or an array of numbers", alpha);
    }
    this.#velocity = new Float64Array(k);
    this.#grad = new Float64Array(k);
  }

  /** Number of channels C. */
  get channels(): number {
    return this.#channels;
  }

  /** True when one α is shared by all channels. */
  get shared(): boolean {
    return this.#shared;
  }

  /** Momentum μ. */
  get momentum(): number {
    return this.#momentum;
  }

  /** Learning rate ε. */
  get learningRate(): number {
    return this.#learningRate;
  }

  /** A copy of α (length 1 when shared, else `channels`). */
  get alpha(): Float64Array {
    return this.#alpha.slice();
  }

  /** A copy of the accumulated ∂E/∂α (summed over `backward` calls since `zeroGrad`). */
  get grad(): Float64Array {
    return this.#grad.slice();
  }

  /** A copy of the momentum buffer Δα (the last update applied to α). */
  get velocity(): Float64Array {
    return this.#velocity.slice();
  }

  /** α index of element i. */
  #index(i: number): number {
    return this.#shared ? 0 : i % this.#channels;
  }

  /**
   * y = PReLU(x) elementwise, α chosen by channel (i % C); keeps a copy of
   * x for {@linkcode PReLU.backward}.
   *
   * @param x A channel-last batch, length a multiple of `channels`.
   * @returns y, a new array of the same type and length as x.
   * @throws {TypeError} if x is not a `Float64Array` or an array of numbers.
   * @throws {RangeError} if its length is not a multiple of `channels`.
   */
  forward(x: Float64Array): Float64Array;
  /**
   * y = PReLU(x) for a plain array.
   *
   * @param x A channel-last batch, length a multiple of `channels`.
   * @returns y as a new `number[]`.
   */
  forward(x: readonly number[]): number[];
  forward(x: Float64Array | readonly number[]): Float64Array | number[] {
    const xs = checkInput("x", x);
    const n = xs.length;
    if (n % this.#channels !== 0) {
      throw new RangeError(
        `\`x\` must have a length that is a multiple of \`channels\` (${this.#channels}): current length is ${n}`,
      );
    }
    const input = Float64Array.from(xs);
    const y = x instanceof Float64Array
      ? new Float64Array(n)
      : new Array<number>(n);
    const a = this.#alpha;
    for (let i = 0; i < n; i++) {
      const v = input[i]!;
      y[i] = v > 0 ? v : a[this.#index(i)]! * v;
    }
    this.#input = input;
    return y;
  }

  /**
   * Back-propagate ∂E/∂y through the last {@linkcode PReLU.forward}:
   * dx_i = g_i·(x_i > 0 ? 1 : α_c) and dalpha_c = Σ g_i·(x_i ≤ 0 ? x_i : 0)
   * (He et al. 2015, §2.1). Adds dalpha to the accumulated `grad`.
   *
   * @param gradOut ∂E/∂y, same length as the last forward input.
   * @returns dx (same type as `gradOut`) and this call's dalpha.
   * @throws {Error} if `forward` has not been called yet.
   * @throws {TypeError} if `gradOut` is not a `Float64Array` or an array of numbers.
   * @throws {RangeError} if its length differs from the forward input's.
   */
  backward(gradOut: Float64Array): PReLUGradients<Float64Array>;
  /**
   * Back-propagate a plain-array ∂E/∂y.
   *
   * @param gradOut ∂E/∂y, same length as the last forward input.
   * @returns dx as a new `number[]`, and this call's dalpha.
   */
  backward(gradOut: readonly number[]): PReLUGradients<number[]>;
  backward(
    gradOut: Float64Array | readonly number[],
  ): PReLUGradients<Float64Array | number[]> {
    const x = this.#input;
    if (x === undefined) {
      throw new Error(
        "`backward` called before `forward`: there is no input to differentiate at",
      );
    }
    const g = checkInput("gradOut", gradOut);
    const n = x.length;
    if (g.length !== n) {
      throw new RangeError(
        `\`gradOut\` must have the forward input's length ${n}: current length is ${g.length}`,
      );
    }
    const dx = gradOut instanceof Float64Array
      ? new Float64Array(n)
      : new Array<number>(n);
    const dalpha = new Float64Array(this.#alpha.length);
    const a = this.#alpha;
    for (let i = 0; i < n; i++) {
      const v = x[i]!;
      const gi = g[i]!;
      const k = this.#index(i);
      if (v > 0) {
        dx[i] = gi;
      } else {
        // x ≤ 0, or NaN: f'(NaN) is NaN, as for the `prelu` activation
        dx[i] = v === v ? gi * a[k]! : v;
        dalpha[k]! += gi * v;
      }
    }
    for (let k = 0; k < dalpha.length; k++) this.#grad[k]! += dalpha[k]!;
    return { dx, dalpha };
  }

  /**
   * One momentum step on α (He et al. 2015, equation (4), written with Δα
   * as the change added to α):
   * Δα ← μ·Δα − ε·∂E/∂α, then α ← α + Δα, with ∂E/∂α the accumulated
   * `grad`. No weight decay. Does not reset `grad` (call `zeroGrad()`).
   *
   * The step is all or nothing: if the accumulated gradient is not finite
   * (a NaN or ±∞ in the data of a `backward` call) or the update would make
   * α or Δα non-finite, it throws and leaves α, Δα and `grad` as they were,
   * so one bad batch cannot poison the layer for good; `zeroGrad()` then
   * discards the bad gradient.
   *
   * @throws {RangeError} if `grad` or the updated α or Δα is not finite.
   */
  step(): void {
    const mu = this.#momentum;
    const lr = this.#learningRate;
    const k = this.#alpha.length;
    for (let c = 0; c < k; c++) {
      const g = this.#grad[c]!;
      if (!Number.isFinite(g)) {
        throw rangeError(
          k === 1 ? "grad" : `grad[${c}]`,
          "finite for `step()` (a NaN or ±∞ reached `backward`; call `zeroGrad()` to discard it)",
          g,
        );
      }
    }
    const velocity = new Float64Array(k);
    const alpha = new Float64Array(k);
    for (let c = 0; c < k; c++) {
      const v = mu * this.#velocity[c]! - lr * this.#grad[c]!;
      const a = this.#alpha[c]! + v;
      if (!Number.isFinite(v) || !Number.isFinite(a)) {
        throw new RangeError(
          `\`step()\` would make α${k === 1 ? "" : `[${c}]`} non-finite: α = ${
            this.#alpha[c]
          }, Δα = ${v}; the layer is unchanged`,
        );
      }
      velocity[c] = v;
      alpha[c] = a;
    }
    this.#velocity = velocity;
    this.#alpha = alpha;
  }

  /**
   * Reset the accumulated ∂E/∂α (`grad`) to 0, as PyTorch's `zero_grad`:
   * call it after each `step()` unless gradients should accumulate over
   * several batches. The momentum buffer Δα is kept (it is the optimiser's
   * state, not a gradient); {@linkcode PReLU.resetMomentum} clears it.
   */
  zeroGrad(): void {
    this.#grad.fill(0);
  }

  /**
   * Reset the momentum buffer Δα to 0, as at construction (e.g. when the
   * learning rate schedule restarts). α and `grad` are kept.
   */
  resetMomentum(): void {
    this.#velocity.fill(0);
  }

  /**
   * A plain snapshot: options, α and the momentum buffer.
   *
   * @returns The layer's state as JSON-ready data.
   */
  toJSON(): PReLUJSON {
    return {
      type: "PReLU",
      channels: this.#channels,
      shared: this.#shared,
      alpha: Array.from(this.#alpha),
      momentum: this.#momentum,
      learningRate: this.#learningRate,
      velocity: Array.from(this.#velocity),
    };
  }

  /**
   * A one-line summary, e.g. `PReLU(channels=2, channel-wise): α = [0.25, 0.25]`.
   *
   * @returns The summary.
   */
  toString(): string {
    const mode = this.#shared ? "shared" : "channel-wise";
    const values = Array.from(this.#alpha, (a) => Number(a.toPrecision(6)))
      .join(", ");
    return `PReLU(channels=${this.#channels}, ${mode}): α = [${values}]`;
  }

  /**
   * The Jupyter mime bundle: a one-line summary of α per channel.
   *
   * @returns `{ "text/plain": summary }`.
   */
  [JUPYTER_DISPLAY](): Record<string, unknown> {
    return { "text/plain": this.toString() };
  }
}
