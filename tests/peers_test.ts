/**
 * The peers' published test cases, translated case by case (issue 12):
 * inputs and expected values written out here, each with its source.
 *
 * - TFJS-CORE: tensorflow/tfjs, tfjs-core/src/ops/<op>_test.ts
 * - TFJS-LAYERS: tensorflow/tfjs, tfjs-layers/src/activations_test.ts
 * - TFJS-ADV: tensorflow/tfjs, tfjs-layers/src/layers/advanced_activations_test.ts
 * - KERAS: the usage examples of tf.keras.layers.ReLU (TF 2.14 API docs),
 *   keras.activations.relu and keras.ops.hard_tanh (Keras 3 docs)
 * - JAX: jax-ml/jax, tests/nn_test.py
 * - PYTORCH: aten/src/ATen/native (Activation.cpp kernels)
 *
 * TensorFlow.js compares float32 results with `expectArraysClose` (1e-3);
 * we compute in double, so most cases here are held to 1e-12 or exact.
 * Where our convention deliberately differs, the test asserts OUR value and
 * the peer's value side by side, named "difference:" (listed in the README).
 *
 * @module
 */
import { assert, assertAlmostEquals, assertEquals } from "@std/assert";
import type { Activation, Elementwise } from "../lib/activation.ts";
import {
  celu,
  elu,
  gelu,
  hardSigmoid,
  hardSwish,
  hardTanh,
  leakyRelu,
  logSigmoid,
  mish,
  prelu,
  relu,
  relu6,
  selu,
  SELU_ALPHA,
  SELU_LAMBDA,
  sigmoid,
  sign,
  softplus,
  softsign,
  step,
} from "../lib/activations/mod.ts";
import { gradcheck } from "../lib/gradcheck.ts";

/** Elementwise closeness with NaN equal to NaN (tfjs' expectArraysClose). */
function close(
  actual: ArrayLike<number>,
  expected: readonly number[],
  tol: number,
  msg: string,
): void {
  assertEquals(actual.length, expected.length, msg);
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i]!;
    const e = expected[i]!;
    if (Number.isNaN(e)) {
      assert(Number.isNaN(a), `${msg}[${i}]: expected NaN, got ${a}`);
      continue;
    }
    assert(
      Math.abs(a - e) <= tol * Math.max(1, Math.abs(e)),
      `${msg}[${i}]: expected ${e}, got ${a} (tolerance ${tol})`,
    );
  }
}

/** dy ⊙ f'(x), the gradient tfjs' `tf.grad(f)(x, dy)` returns. */
function grad(df: Elementwise, x: number[], dy: number[]): number[] {
  return df(x).map((d, i) => d * dy[i]!);
}

const F32 = 1e-3; // tfjs' float32 tolerance, for their 4-digit constants
const TIGHT = 1e-12;

Deno.test("TFJS-CORE ops tests", async (t) => {
  await t.step("relu6_test: basic relu6", () => {
    close(relu6([1, -2, 0, 8, -0.1]), [1, 0, 0, 6, 0], 0, "relu6");
  });
  await t.step("relu6_test: gradients: relu6 (scalar 8, dy 5)", () => {
    close(grad(relu6.derivative, [8], [5]), [0], 0, "relu6'");
  });
  await t.step("relu6_test: gradients: relu6 array", () => {
    close(
      grad(relu6.derivative, [8, -1, 0, 0.1], [1, 2, 3, 4]),
      [0, 0, 0, 4],
      0,
      "relu6'",
    );
  });
  await t.step("step_test: with 1d tensor", () => {
    close(step([1, -2, -0.01, 3, -0.1]), [1, 0, 0, 1, 0], 0, "step");
  });
  await t.step("step_test: with 1d tensor and alpha (0.1)", () => {
    close(
      step.with({ alpha: 0.1 })([1, -2, -0.01, 3, NaN]),
      [1, 0.1, 0.1, 1, NaN],
      0,
      "step α",
    );
  });
  await t.step("step_test: with 2d tensor / propagates NaNs", () => {
    close(step([1, -5, -3, 4]), [1, 0, 0, 1], 0, "step");
    close(step([1, -2, -0.01, 3, NaN]), [1, 0, 0, 1, NaN], 0, "step NaN");
  });
  await t.step("step_test: gradients (Scalar, Tensor1D, Tensor2D)", () => {
    close(grad(step.derivative, [-4], [8]), [0], 0, "step'");
    close(
      grad(step.derivative, [1, 2, -3, 5], [1, 2, 3, 4]),
      [0, 0, 0, 0],
      0,
      "step'",
    );
    close(
      grad(step.derivative, [3, -1, -2, 3], [1, 2, 3, 4]),
      [0, 0, 0, 0],
      0,
      "step'",
    );
  });
  await t.step(
    "difference: step_test puts alpha at 0 (x ≤ 0), ours the midpoint",
    () => {
      // tfjs: step(0, α) = α; ours: (α + λ)/2, the half-maximum convention
      assertEquals(step.with({ alpha: 0.1 })(0), 0.55);
      assertEquals(step(0), 0.5);
    },
  );
  await t.step(
    "leaky_relu_test: gradients: Scalar (α = 0.1, x = −4, dy = 8)",
    () => {
      close(
        grad(leakyRelu.with({ slope: 0.1 }).derivative, [-4], [8]),
        [0.8],
        TIGHT,
        "leaky'",
      );
    },
  );
  await t.step(
    "leaky_relu_test: gradients: Tensor1D and Tensor2D (α = 0.1)",
    () => {
      const d = leakyRelu.with({ slope: 0.1 }).derivative;
      close(grad(d, [1, -1, 0.1], [1, 2, 3]), [1, 0.2, 3], TIGHT, "leaky'");
      close(
        grad(d, [1, -1, 0.1, 0.5], [1, 2, 3, 4]),
        [1, 0.2, 3, 4],
        TIGHT,
        "leaky'",
      );
    },
  );
  await t.step("leaky_relu_test: propagates NaN (α = 0.2)", () => {
    close(leakyRelu.with({ slope: 0.2 })([0, 1, NaN]), [0, 1, NaN], 0, "leaky");
  });
  await t.step(
    "difference: leaky_relu_test basic uses tfjs' default α = 0.2",
    () => {
      close(
        leakyRelu.with({ slope: 0.2 })([0, 1, -2]),
        [0, 1, -0.4],
        TIGHT,
        "tfjs default",
      );
      close(leakyRelu([0, 1, -2]), [0, 1, -0.02], TIGHT, "ours, α = 0.01");
    },
  );
  await t.step("elu_test: calculate elu / propagates NaN", () => {
    close(elu([1, -1, 0]), [1, -0.6321, 0], 1e-4, "elu");
    close(elu([1, NaN]), [1, NaN], 0, "elu NaN");
  });
  await t.step("elu_test: derivative (dy = 5, 50, 500)", () => {
    close(
      grad(elu.derivative, [1, 3, -2], [5, 50, 500]),
      [5, 50, 500 * Math.exp(-2)],
      TIGHT,
      "elu'",
    );
  });
  await t.step("selu_test: calculate selu / propagates NaN", () => {
    close(selu([1, -1, 0]), [1.0507, -1.1113, 0], 1e-4, "selu");
    close(selu([1, NaN]), [1.0507, NaN], 1e-4, "selu NaN");
  });
  await t.step(
    "selu_test: gradients (Scalar, Tensor1D, Tensor2D; x = 0 takes λα)",
    () => {
      const scale = SELU_LAMBDA;
      const scaleAlpha = SELU_LAMBDA * SELU_ALPHA;
      close(grad(selu.derivative, [1], [1]), [scale], TIGHT, "selu'(1)");
      close(
        grad(selu.derivative, [-1], [2]),
        [2 * scaleAlpha * Math.exp(-1)],
        TIGHT,
        "selu'(-1)",
      );
      const x = [1, -1, 0, 0.5];
      const dy = [1, 2, 3, 4];
      const want = x.map((v, i) =>
        v > 0 ? dy[i]! * scale : dy[i]! * scaleAlpha * Math.exp(v)
      );
      close(grad(selu.derivative, x, dy), want, TIGHT, "selu'");
    },
  );
  await t.step("prelu_test: basic (one α per element, through with())", () => {
    const x = [0, 1, -2, -4];
    const a = [0.15, 0.2, 0.25, 0.15];
    close(
      x.map((v, i) => prelu.with({ alpha: a[i]! })(v)),
      [0, 1, -0.5, -0.6],
      TIGHT,
      "prelu",
    );
  });
  await t.step("softplus_test: basic, scalar, tensor2D, NaN", () => {
    const v = [1, -3, 2, 7, -4];
    close(
      softplus(v),
      v.map((x) => Math.log(1 + Math.exp(x))),
      TIGHT,
      "softplus",
    );
    close(softplus([-2]), [Math.log(1 + Math.exp(-2))], TIGHT, "softplus(-2)");
    close(
      softplus([3, NaN]),
      [Math.log(1 + Math.exp(3)), NaN],
      TIGHT,
      "softplus NaN",
    );
  });
  await t.step("softplus_test: larger magnitude inputs", () => {
    close(
      softplus([-100, -200, -3000, -50000]),
      [0, 0, 0, 0],
      F32,
      "softplus(−large)",
    );
    close(softplus([100, 200, 3000]), [100, 200, 3000], 0, "softplus(large)");
    // and ours keeps the tiny positive values exactly: e^−100
    assertAlmostEquals(softplus(-100) / 3.720075976020836e-44, 1, 1e-15);
  });
  await t.step("softplus_test: gradients (dy ⊙ σ(x))", () => {
    const x = [1, 2, -3, 5];
    const dy = [1, 2, 3, 4];
    close(
      grad(softplus.derivative, x, dy),
      x.map((v, i) => dy[i]! / (1 + Math.exp(-v))),
      TIGHT,
      "softplus'",
    );
    close(
      grad(softplus.derivative, [3], [4]),
      [4 / (1 + Math.exp(-3))],
      TIGHT,
      "softplus'(3)",
    );
  });
  await t.step("log_sigmoid_test: basic, scalar, tensor2D, NaN", () => {
    const v = [1, -3, 2, 7, -4];
    close(
      logSigmoid(v),
      v.map((x) => Math.log(1 / (1 + Math.exp(-x)))),
      TIGHT,
      "logσ",
    );
    close(
      logSigmoid([-2]),
      [Math.log(1 / (1 + Math.exp(2)))],
      TIGHT,
      "logσ(-2)",
    );
    close(
      logSigmoid([3, NaN]),
      [Math.log(1 / (1 + Math.exp(-3))), NaN],
      TIGHT,
      "logσ NaN",
    );
  });
  await t.step("log_sigmoid_test: larger magnitude inputs", () => {
    close(
      logSigmoid([-100, -200, -3000]),
      [-100, -200, -3000],
      TIGHT,
      "logσ(−large)",
    );
    close(
      logSigmoid([100, 200, 3000, 50000]),
      [0, 0, 0, 0],
      F32,
      "logσ(large)",
    );
    // ours keeps −e^−x: log σ(100) = −3.72e-44, not 0
    assertAlmostEquals(logSigmoid(100) / -3.720075976020836e-44, 1, 1e-15);
  });
  await t.step("log_sigmoid_test: gradients (dy/(1 + e^x))", () => {
    const x = [1, 2, -3, 5];
    const dy = [1, 2, 3, 4];
    close(
      grad(logSigmoid.derivative, x, dy),
      x.map((v, i) => dy[i]! / (1 + Math.exp(v))),
      TIGHT,
      "logσ'",
    );
    close(
      grad(logSigmoid.derivative, [3], [4]),
      [4 / (1 + Math.exp(3))],
      TIGHT,
      "logσ'(3)",
    );
  });
  await t.step("sign_test: gradients are 0", () => {
    close(
      grad(sign.derivative, [-1.1, 2.6, 3, -5.9], [-1, 1, 1, -1]),
      [0, 0, 0, 0],
      0,
      "sign'",
    );
  });
  await t.step(
    "difference: sign_test 'does not propagate NaNs' (tfjs sign(NaN) = 0)",
    () => {
      close(sign([1.5, 0, -1.4]), [1, 0, -1], 0, "sign");
      // tfjs: [1, 0, 0, -1] for [1.5, 0, NaN, -1.4]; ours NaN, as NumPy and JAX
      close(sign([1.5, 0, NaN, -1.4]), [1, 0, NaN, -1], 0, "ours");
    },
  );
});

Deno.test("TFJS-LAYERS activations_test", async (t) => {
  const v = [-1, 2, 0, 4, -5, 6];
  await t.step("elu activation", () => {
    close(elu(v), v.map((x) => x < 0 ? Math.exp(x) - 1 : x), TIGHT, "elu");
  });
  await t.step("selu activation", () => {
    const alpha = 1.6732632423543772848170429916717;
    const scale = 1.0507009873554804934193349852946;
    close(
      selu(v),
      v.map((x) => scale * (x < 0 ? alpha * (Math.exp(x) - 1) : x)),
      TIGHT,
      "selu",
    );
  });
  await t.step("relu activation", () => {
    close(relu(v), [0, 2, 0, 4, 0, 6], 0, "relu");
  });
  await t.step("relu6 activation", () => {
    close(relu6([-10, -5, 0, 1, 5, 15]), [0, 0, 0, 1, 5, 6], 0, "relu6");
  });
  await t.step("sigmoid activation", () => {
    close(sigmoid([0]), [0.5], 0, "σ(0)");
    close(sigmoid(v), v.map((x) => 1 / (1 + Math.exp(-x))), TIGHT, "σ");
  });
  await t.step(
    "hardSigmoid activation (Keras 2 / tfjs form 0.2x + 0.5)",
    () => {
      const keras = hardSigmoid.with({ slope: 0.2, offset: 0.5 });
      close(keras([0]), [0.5], 0, "hardSigmoid(0)");
      close(
        keras(v),
        v.map((x) => Math.min(1, Math.max(0, 0.2 * x + 0.5))),
        0,
        "hardSigmoid",
      );
    },
  );
  await t.step(
    "difference: our default hardSigmoid is PyTorch's relu6(x + 3)/6",
    () => {
      close(hardSigmoid([0]), [0.5], 0, "both agree at 0");
      close(hardSigmoid(v), [1 / 3, 5 / 6, 0.5, 1, 0, 1], TIGHT, "ours");
      close(
        hardSigmoid.with({ slope: 0.2, offset: 0.5 })(v),
        [0.3, 0.9, 0.5, 1, 0, 1],
        TIGHT,
        "tfjs",
      );
    },
  );
  await t.step("softplus activation", () => {
    close(softplus([0]), [Math.log(2)], 0, "softplus(0)");
    close(
      softplus(v),
      v.map((x) => Math.log(Math.exp(x) + 1)),
      TIGHT,
      "softplus",
    );
  });
  await t.step("softsign activation", () => {
    close(softsign([0]), [0], 0, "softsign(0)");
    close(softsign(v), v.map((x) => x / (Math.abs(x) + 1)), TIGHT, "softsign");
  });
});

Deno.test("TFJS-ADV advanced_activations_test", async (t) => {
  await t.step("ReLU: Tensor: No maxValue", () => {
    close(
      relu([-100, -200, 0, 300, 200, 200]),
      [0, 0, 0, 300, 200, 200],
      0,
      "relu",
    );
  });
  await t.step("ReLU: Tensor: Finite maxValue (250)", () => {
    close(
      relu.with({ maxValue: 250 })([-100, -200, 0, 300, 200, 200]),
      [0, 0, 0, 250, 200, 200],
      0,
      "relu cap",
    );
  });
  await t.step("leakyReLU: Tensor: alpha = 0.1", () => {
    close(
      leakyRelu.with({ slope: 0.1 })([-1, -2, 0, 3]),
      [-0.1, -0.2, 0, 3],
      TIGHT,
      "leaky",
    );
  });
  await t.step(
    "difference: leakyReLU: Tensor: alpha = default 0.3 (Keras)",
    () => {
      close(
        leakyRelu.with({ slope: 0.3 })([-1, -2, 0, 3]),
        [-0.3, -0.6, 0, 3],
        TIGHT,
        "Keras default",
      );
      close(
        leakyRelu([-1, -2, 0, 3]),
        [-0.01, -0.02, 0, 3],
        TIGHT,
        "ours, 0.01",
      );
    },
  );
  await t.step("elu: Tensor: alpha = default 1.0", () => {
    close(
      elu([-1, -2, 0, 3]),
      [Math.exp(-1) - 1, Math.exp(-2) - 1, 0, 3],
      TIGHT,
      "elu",
    );
  });
  await t.step(
    "thresholdedReLU: Tensor: theta = 1 (relu with threshold 1)",
    () => {
      close(
        relu.with({ threshold: 1 })([-1, 0, 1, 3]),
        [0, 0, 0, 3],
        0,
        "θ = 1",
      );
    },
  );
  await t.step("PReLU: Tensor: Forward pass (alphaInitializer ones)", () => {
    close(
      prelu.with({ alpha: 1 })([-100, -200, 0, 300, 200, 200]),
      [-100, -200, 0, 300, 200, 200],
      0,
      "prelu α = 1",
    );
  });
});

Deno.test("KERAS documented examples", async (t) => {
  const x4 = [-3, -1, 0, 2];
  await t.step("tf.keras.layers.ReLU(): [-3, -1, 0, 2]", () => {
    close(relu(x4), [0, 0, 0, 2], 0, "relu");
  });
  await t.step("ReLU(max_value=1.0)", () => {
    close(relu.with({ maxValue: 1 })(x4), [0, 0, 0, 1], 0, "relu cap 1");
  });
  await t.step("ReLU(negative_slope=1.0)", () => {
    close(relu.with({ negativeSlope: 1 })(x4), [-3, -1, 0, 2], 0, "slope 1");
  });
  await t.step("ReLU(threshold=1.5) on [-3, -1, 1, 2]", () => {
    close(
      relu.with({ threshold: 1.5 })([-3, -1, 1, 2]),
      [0, 0, 0, 2],
      0,
      "θ = 1.5",
    );
  });
  const x5 = [-10, -5, 0, 5, 10];
  await t.step(
    "keras.activations.relu: default, negative_slope=0.5, max_value=5",
    () => {
      close(relu(x5), [0, 0, 0, 5, 10], 0, "relu");
      close(
        relu.with({ negativeSlope: 0.5 })(x5),
        [-5, -2.5, 0, 5, 10],
        0,
        "slope 0.5",
      );
      close(relu.with({ maxValue: 5 })(x5), [0, 0, 0, 5, 5], 0, "cap 5");
    },
  );
  await t.step(
    "keras.activations.relu(threshold=5): [-0, -0, 0, 0, 10] (ours +0)",
    () => {
      const r = relu.with({ threshold: 5 })(x5);
      close(r, [0, 0, 0, 0, 10], 0, "θ = 5");
      assert(Object.is(r[0], 0), "ours gives +0 below the threshold, as relu");
    },
  );
  await t.step(
    "keras.layers.ReLU(max_value=10, negative_slope=0.5, threshold=0)",
    () => {
      close(
        relu.with({ maxValue: 10, negativeSlope: 0.5 })(x5),
        [-5, -2.5, 0, 5, 10],
        0,
        "layer",
      );
    },
  );
  await t.step("keras.ops.hard_tanh: [-2, -1, 0, 1, 2]", () => {
    close(hardTanh([-2, -1, 0, 1, 2]), [-1, -1, 0, 1, 1], 0, "hard_tanh");
  });
});

Deno.test("JAX nn_test.py", async (t) => {
  await t.step("testReluGradAtZero: grad(relu)(0.) == 0", () => {
    assertEquals(relu.derivative(0), 0);
  });
  await t.step(
    "testReluGrad / testRelu6Grad: check_grads at ±1 to order 3",
    () => {
      for (const act of [relu, relu6] as Activation[]) {
        for (const x of [-1, 1]) {
          const g1 = gradcheck(act, { points: [x], kinks: [] });
          const g2 = gradcheck(
            { f: act.derivative, df: act.secondDerivative },
            { points: [x], kinks: [] },
          );
          assert(g1.ok && g2.ok, `${act.id} at ${x}`);
          assertEquals(act.secondDerivative(x), 0); // third order: f'' is constant 0
        }
      }
    },
  );
  await t.step("testRelu6Grad: grad(relu6)(0.) == grad(relu6)(6.) == 0", () => {
    assertEquals(relu6.derivative(0), 0);
    assertEquals(relu6.derivative(6), 0);
  });
  await t.step("testSoftplusZero: softplus(0) == log(2)", () => {
    assertEquals(softplus(0), Math.log(2));
  });
  await t.step("testSoftplusGradInf: grad(softplus)(inf) == 1", () => {
    assertEquals(softplus.derivative(Infinity), 1);
  });
  await t.step(
    "testSoftplusGradNegInf / GradNan: finite at −inf, NaN propagates",
    () => {
      assertEquals(softplus.derivative(-Infinity), 0);
      assert(Number.isNaN(softplus.derivative(NaN)));
      assert(Number.isNaN(softplus.secondDerivative(NaN)));
    },
  );
  await t.step("testSoftplusGrad: check_grads at 1e-8 (f' and f'')", () => {
    assert(gradcheck(softplus, { points: [1e-8] }).ok);
    assert(
      gradcheck({ f: softplus.derivative, df: softplus.secondDerivative }, {
        points: [1e-8],
      }).ok,
    );
  });
  await t.step("testSoftplusValue: softplus(89.) == 89.", () => {
    assertAlmostEquals(softplus(89), 89, 1e-12);
  });
  await t.step("testMishZero / testMishValue / testMishGrad", () => {
    assertEquals(mish(0), 0);
    assertAlmostEquals(mish(1e3), 1e3, 1e-3);
    assert(gradcheck(mish, { points: [1e-8, 0] }).ok);
    assert(
      gradcheck({ f: mish.derivative, df: mish.secondDerivative }, {
        points: [1e-8, 0],
      }).ok,
    );
    assert(Number.isNaN(mish.derivative(NaN)));
    assertEquals(mish.derivative(-Infinity), 0);
  });
  await t.step("testEluValue: elu(1e4) == 1e4; testEluGrad at 1e4", () => {
    assertEquals(elu(1e4), 1e4);
    assertEquals(elu.derivative(1e4), 1);
    assertEquals(elu.secondDerivative(1e4), 0);
  });
  await t.step(
    "testGelu(approximate=False): x·Φ(x) on linspace(−12, 5, 10000), rtol 2e-5",
    () => {
      // reference x·Φ(x) from the complementary error function (A&S 7.1.2),
      // computed here by the continued fraction of erfc for an independent check
      for (let i = 0; i < 10000; i++) {
        const x = -12 + (17 * i) / 9999;
        const want = x * phiCdf(x);
        assert(
          Math.abs(gelu(x) - want) <= 2e-5 * Math.abs(want) + 1e-300,
          `gelu(${x})`,
        );
      }
    },
  );
  await t.step(
    "testGelu(approximate=True): within atol 1e-3 + rtol 2e-5 of x·Φ(x)",
    () => {
      const approx = gelu.with({ approximate: true });
      for (let i = 0; i < 10000; i++) {
        const x = -12 + (17 * i) / 9999;
        const want = x * phiCdf(x);
        assert(
          Math.abs(approx(x) - want) <= 1e-3 + 2e-5 * Math.abs(want),
          `gelu≈(${x})`,
        );
      }
    },
  );
  await t.step(
    "difference: jax.nn.gelu defaults to approximate=True; ours exact",
    () => {
      assertEquals(gelu.params.approximate, 0);
      const jaxDefault = gelu.with({ approximate: true });
      assert(Math.abs(jaxDefault(1) - gelu(1)) > 1e-4);
      assertAlmostEquals(jaxDefault(1), 0.8411919906082768, 1e-15);
      assertAlmostEquals(gelu(1), 0.8413447460685429, 1e-15);
    },
  );
  await t.step(
    "difference: jax.nn.hard_tanh differentiates to 1 at ±1; ours 0 (PyTorch)",
    () => {
      assertEquals(hardTanh.derivative(1), 0);
      assertEquals(hardTanh.derivative(-1), 0);
      assertEquals(hardTanh.derivative(0.9999999999999999), 1);
    },
  );
});

Deno.test("PYTORCH kernels", async (t) => {
  await t.step("hardsigmoid = relu6(x + 3)/6, backward 1/6 on (−3, 3)", () => {
    close(hardSigmoid([-4, -3, 0, 3, 4]), [0, 0, 0.5, 1, 1], 0, "hardsigmoid");
    close(
      hardSigmoid.derivative([-3, -1, 0, 2.9, 3]),
      [0, 1 / 6, 1 / 6, 1 / 6, 0],
      0,
      "hardsigmoid'",
    );
  });
  await t.step("hardtanh_backward: 0 where x ≤ min or x ≥ max", () => {
    close(
      hardTanh.derivative([-2, -1, 0, 1, 2]),
      [0, 0, 1, 0, 0],
      0,
      "hardtanh'",
    );
  });
  await t.step(
    "hardswish forward x·relu6(x + 3)/6 and backward x/3 + ½ inside",
    () => {
      close(
        hardSwish([-4, -3, -1, 0, 2, 3, 4]),
        [0, 0, -1 / 3, 0, 5 / 3, 3, 4],
        TIGHT,
        "hardswish",
      );
      close(
        hardSwish.derivative([-4, -1, 0, 2, 4]),
        [0, 1 / 6, 0.5, 7 / 6, 1],
        TIGHT,
        "hardswish'",
      );
    },
  );
  await t.step(
    "difference: hardswish_backward (CPU/CUDA) uses [−3, 3]: −½ at −3, 3/2 at 3",
    () => {
      // ours: the chain rule through relu6 (JAX), 0 at −3 and 1 at 3
      assertEquals(hardSwish.derivative(-3), 0);
      assertEquals(hardSwish.derivative(3), 1);
      const torchCpu = (x: number) => x < -3 ? 0 : x <= 3 ? x / 3 + 0.5 : 1;
      assertEquals([torchCpu(-3), torchCpu(3)], [-0.5, 1.5]);
    },
  );
  await t.step("celu(x, α) = max(0, x) + min(0, α(exp(x/α) − 1))", () => {
    for (const alpha of [0.5, 1, 2]) {
      const c = celu.with({ alpha });
      for (const x of [-3, -0.5, 0, 0.5, 3]) {
        const want = Math.max(0, x) +
          Math.min(0, alpha * (Math.exp(x / alpha) - 1));
        assertAlmostEquals(c(x), want, 1e-15);
      }
    }
  });
});

/** Φ(x) from erfc by Lentz's continued fraction (x < −2) or Taylor's erf series. */
function phiCdf(x: number): number {
  const z = -x / Math.SQRT2;
  if (z > 2) {
    // erfc z = e^{−z²}/√π · 1/(z + 1/2/(z + 1/(z + 3/2/(z + ...)))) (A&S 7.1.14)
    let f = z;
    for (let k = 60; k >= 1; k--) f = z + (k / 2) / f;
    return 0.5 * Math.exp(-z * z) / (Math.sqrt(Math.PI) * f);
  }
  // erf w = 2/√π Σ (−1)^n w^{2n+1}/(n!(2n+1)) (A&S 7.1.5)
  const w = x / Math.SQRT2;
  let term = w;
  let sum = w;
  for (let n = 1; n < 80; n++) {
    term *= (-w * w) / n;
    sum += term / (2 * n + 1);
  }
  return 0.5 * (1 + (2 / Math.sqrt(Math.PI)) * sum);
}
