#!/usr/bin/python3
"""Writes the USE-lite sentence encoder (TF.js graph model) as an ONNX model that ONNX Runtime runs.

The TF.js graph takes a sparse batch (indices, values) and spends most of its nodes on sparse-to-dense plumbing. This
converter reads the encoder's weights from the graph's weight shards by node name and writes the same network as a
dense ONNX graph:

    input_ids [batch, sequence] int64, attention_mask [batch, sequence] int64  ->  sentence_embedding [batch, 512]

The network (module_apply_default/Encoder_en/KonaTransformer): token embeddings (8002 x 256); the layer-0 input is
twice the embedding plus a sinusoidal timing signal (positions 0..127); layer 0 is a pre-norm transformer layer with
4 heads of 64 over 256 features, a dense 256 -> 512 projection of the residual, attention output 256 -> 512 and a ReLU
feed-forward 512 -> 1536 -> 512; layer 1 the same with 4 heads of 128 over 512 features; padding-masked mean pooling
(divided by max(length, 1)); dense 512 -> 512 with tanh; L2 normalisation with the graph's epsilon. Padded keys get an
attention bias of -1e9, whose softmax weight is exactly zero in float32, as in the graph.

It also writes the model folder's tokenizer files: the SentencePiece vocabulary (vocab.json, copied) and config.json
(the position limit). Token ids come from the USE-lite SentencePiece tokenizer (LlmLint's SentencePieceTokenizer,
which matches the reference tokenizer id for id).

Needs Debian's python3-onnx and python3-numpy. Usage:
    /usr/bin/python3 eng/models/convert-use-lite.py <use-lite dist folder> <output folder>
"""
import json
import os
import shutil
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

OPSET = 17
KONA = "module_apply_default/Encoder_en/KonaTransformer/"
ENC = KONA + "Encode/"
STACK = KONA + "Encode/TransformerStack/"
EMBEDDING_DIM, OUTPUT_DIM, FFN_DIM = 256, 512, 1536


def fail(message):
    print(f"convert-use-lite: {message}", file=sys.stderr)
    sys.exit(2)


def read_weights(dist):
    """Returns {name: numpy array} for every weight of the TF.js model's manifest, read from its shards in order."""
    model_path = os.path.join(dist, "model.json")
    if not os.path.isfile(model_path):
        fail(f"'{model_path}' not found; expected the USE-lite TF.js model folder (model.json and weight shards)")
    with open(model_path, encoding="utf-8") as f:
        model = json.load(f)
    weights = {}
    for group in model["weightsManifest"]:
        blob = b"".join(open(os.path.join(dist, p), "rb").read() for p in group["paths"])
        offset = 0
        for spec in group["weights"]:
            if spec.get("quantization"):
                fail(f"weight '{spec['name']}' is quantized; this converter reads float32/int32 weights only")
            dtype = {"float32": np.float32, "int32": np.int32}.get(spec["dtype"])
            if dtype is None:
                fail(f"weight '{spec['name']}' has dtype {spec['dtype']}; expected float32 or int32")
            count = int(np.prod(spec["shape"])) if spec["shape"] else 1
            size = count * 4
            if offset + size > len(blob):
                fail(f"the weight shards end before weight '{spec['name']}'")
            weights[spec["name"]] = np.frombuffer(blob, dtype=dtype, count=count, offset=offset).reshape(spec["shape"])
            offset += size
    return weights


class Graph:
    """A small builder over onnx.helper: unique node names, initializers from numpy arrays."""

    def __init__(self):
        self.nodes, self.initializers, self._n = [], [], 0

    def const(self, name, array):
        self.initializers.append(numpy_helper.from_array(np.ascontiguousarray(array), name))
        return name

    def op(self, op_type, inputs, **attrs):
        self._n += 1
        out = f"{op_type.lower()}_{self._n}"
        self.nodes.append(helper.make_node(op_type, inputs, [out], name=f"{op_type}_{self._n}", **attrs))
        return out

    def dense(self, x, kernel, bias, prefix):
        return self.op("Add", [self.op("MatMul", [x, self.const(prefix + "/kernel", kernel)]), self.const(prefix + "/bias", bias)])

    def layer_norm(self, x, scale, bias, eps, prefix):
        return self.op("LayerNormalization", [x, self.const(prefix + "/scale", scale), self.const(prefix + "/bias", bias)],
                       axis=-1, epsilon=float(eps))


def get(weights, name, shape=None):
    if name not in weights:
        fail(f"the graph has no weight '{name}'; is this the USE-lite model?")
    value = weights[name]
    if shape is not None and tuple(value.shape) != tuple(shape):
        fail(f"weight '{name}' has shape {list(value.shape)}; expected {list(shape)}")
    return value


def attention(g, weights, index, dim, head_dim, normed, mask_bias):
    l, s = ENC + f"Layer_{index}/TransformerLayer/", STACK + f"Layer_{index}/TransformerLayer/"
    mk = f"module/Encoder_en/KonaTransformer/Encode/Layer_{index}/TransformerLayer/MultiheadAttention/"
    split = get(weights, s + "MultiheadAttention/Const", (3,))
    if list(split) != [dim, dim, dim]:
        fail(f"layer {index} splits q/k/v as {list(split)}; expected {dim} each")
    heads = dim // head_dim
    scale = float(get(weights, s + "MultiheadAttention/mul/y"))
    qkv = g.dense(normed, get(weights, mk + "qkv_transform_single/kernel/part_0", (1, 1, dim, 3 * dim)).reshape(dim, 3 * dim),
                  get(weights, l + "MultiheadAttention/qkv_transform_single/bias/ConcatPartitions/concat", (3 * dim,)), f"layer_{index}/qkv")
    parts = []
    for i in range(3):
        sl = g.op("Slice", [qkv, g.const(f"layer_{index}/slice_{i}/starts", np.array([i * dim], np.int64)),
                            g.const(f"layer_{index}/slice_{i}/ends", np.array([(i + 1) * dim], np.int64)),
                            g.const(f"layer_{index}/slice_{i}/axes", np.array([2], np.int64))])
        split_heads = g.op("Reshape", [sl, g.const(f"layer_{index}/split_{i}", np.array([0, 0, heads, head_dim], np.int64))])
        parts.append(g.op("Transpose", [split_heads], perm=[0, 2, 1, 3]))  # [batch, heads, sequence, head_dim]
    q = g.op("Mul", [parts[0], g.const(f"layer_{index}/query_scale", np.array(scale, np.float32))])
    k_t = g.op("Transpose", [parts[1]], perm=[0, 1, 3, 2])
    scores = g.op("Add", [g.op("MatMul", [q, k_t]), mask_bias])
    probs = g.op("Softmax", [scores], axis=-1)
    context = g.op("Transpose", [g.op("MatMul", [probs, parts[2]])], perm=[0, 2, 1, 3])
    combined = g.op("Reshape", [context, g.const(f"layer_{index}/combine", np.array([0, 0, dim], np.int64))])
    return g.dense(combined, get(weights, mk + "output_transform_single/kernel/part_0", (1, 1, dim, OUTPUT_DIM)).reshape(dim, OUTPUT_DIM),
                   get(weights, l + "MultiheadAttention/output_transform_single/bias/ConcatPartitions/concat", (OUTPUT_DIM,)), f"layer_{index}/attention_output")


def feed_forward(g, weights, index, residual, eps):
    l, s = ENC + f"Layer_{index}/TransformerLayer/", STACK + f"Layer_{index}/TransformerLayer/"
    normed = g.layer_norm(residual, get(weights, l + "FFN/layer_prepostprocess/layer_norm/layer_norm_scale/ConcatPartitions/concat", (OUTPUT_DIM,)),
                          get(weights, l + "FFN/layer_prepostprocess/layer_norm/layer_norm_bias/ConcatPartitions/concat", (OUTPUT_DIM,)), eps, f"layer_{index}/ffn_norm")
    hidden = g.op("Relu", [g.dense(normed, get(weights, s + "FFN/conv1/Tensordot/Reshape_1", (OUTPUT_DIM, FFN_DIM)),
                                   get(weights, l + "FFN/conv1/bias/ConcatPartitions/concat", (FFN_DIM,)), f"layer_{index}/ffn1")])
    out = g.dense(hidden, get(weights, s + "FFN/conv2/Tensordot/Reshape_1", (FFN_DIM, OUTPUT_DIM)),
                  get(weights, l + "FFN/conv2/bias/ConcatPartitions/concat", (OUTPUT_DIM,)), f"layer_{index}/ffn2")
    return g.op("Add", [residual, out])


def build(weights):
    g = Graph()
    max_positions = int(get(weights, KONA + "ClipToMaxLength/Less/y"))
    eps = float(get(weights, STACK + "Layer_1/TransformerLayer/FFN/layer_prepostprocess/layer_norm/Cast/x"))
    normalize_eps = float(get(weights, "module_apply_default/Encoder_en/hidden_layers/l2_normalize/Maximum/y"))
    embeddings = get(weights, "module/Embeddings_en")
    if embeddings.ndim != 2 or embeddings.shape[1] != EMBEDDING_DIM:
        fail(f"the token embeddings have shape {list(embeddings.shape)}; expected [vocabulary, {EMBEDDING_DIM}]")

    inv = get(weights, STACK + "Layer_0/AddTimingSignal/TimingSignal/ExpandDims_1", (1, EMBEDDING_DIM // 2))[0].astype(np.float32)
    angles = np.arange(max_positions, dtype=np.float32)[:, None] * inv[None, :]
    timing = np.concatenate([np.sin(angles), np.cos(angles)], axis=1).astype(np.float32)

    ids, mask = "input_ids", "attention_mask"
    mask_f = g.op("Cast", [mask], to=TensorProto.FLOAT)
    # Attention bias [batch, 1, 1, sequence]: 0 for tokens, -1e9 for padding.
    keep = g.op("Unsqueeze", [mask_f, g.const("mask_axes", np.array([1, 2], np.int64))])
    mask_bias = g.op("Mul", [g.op("Sub", [g.const("one", np.array(1, np.float32)), keep]), g.const("neg_inf", np.array(-1e9, np.float32))])

    # Layer-0 input: 2 * embedding + timing signal of the position.
    emb = g.op("Gather", [g.const("token_embeddings", embeddings.astype(np.float32)), ids], axis=0)
    seq_len = g.op("Slice", [g.op("Shape", [ids]), g.const("dim1_start", np.array([1], np.int64)), g.const("dim1_end", np.array([2], np.int64))])
    timing_t = g.op("Slice", [g.const("timing_signal", timing), g.const("zero_start", np.array([0], np.int64)), seq_len, g.const("axis0", np.array([0], np.int64))])
    x0 = g.op("Add", [g.op("Mul", [emb, g.const("two", np.array(2, np.float32))]), timing_t])

    # Layer 0 (256 features; the residual stream is projected to 512).
    l0 = ENC + "Layer_0/TransformerLayer/"
    residual = g.dense(x0, get(weights, l0 + "dense/kernel/ConcatPartitions/concat", (EMBEDDING_DIM, OUTPUT_DIM)),
                       get(weights, l0 + "dense/bias/ConcatPartitions/concat", (OUTPUT_DIM,)), "layer_0/residual_projection")
    normed = g.layer_norm(x0, get(weights, l0 + "layer_prepostprocess/layer_norm/layer_norm_scale/ConcatPartitions/concat", (EMBEDDING_DIM,)),
                          get(weights, l0 + "layer_prepostprocess/layer_norm/layer_norm_bias/ConcatPartitions/concat", (EMBEDDING_DIM,)), eps, "layer_0/attention_norm")
    residual = g.op("Add", [residual, attention(g, weights, 0, EMBEDDING_DIM, 64, normed, mask_bias)])
    residual = feed_forward(g, weights, 0, residual, eps)

    # Layer 1 (512 features).
    l1 = ENC + "Layer_1/TransformerLayer/"
    normed = g.layer_norm(residual, get(weights, l1 + "layer_prepostprocess/layer_norm/layer_norm_scale/ConcatPartitions/concat", (OUTPUT_DIM,)),
                          get(weights, l1 + "layer_prepostprocess/layer_norm/layer_norm_bias/ConcatPartitions/concat", (OUTPUT_DIM,)), eps, "layer_1/attention_norm")
    residual = g.op("Add", [residual, attention(g, weights, 1, OUTPUT_DIM, 128, normed, mask_bias)])
    residual = feed_forward(g, weights, 1, residual, eps)

    # Padding-masked mean pooling, divided by max(length, 1).
    mask3 = g.op("Unsqueeze", [mask_f, g.const("last_axis", np.array([2], np.int64))])
    summed = g.op("ReduceSum", [g.op("Mul", [residual, mask3]), g.const("sequence_axis", np.array([1], np.int64))], keepdims=0)
    lengths = g.op("Max", [g.op("ReduceSum", [mask3, g.const("sequence_axis_2", np.array([1], np.int64))], keepdims=0), g.const("one_length", np.array(1, np.float32))])
    pooled = g.op("Div", [summed, lengths])

    out = g.op("Tanh", [g.dense(pooled, get(weights, "module/Encoder_en/hidden_layers/tanh_layer_0/weights", (OUTPUT_DIM, OUTPUT_DIM)),
                                get(weights, "module/Encoder_en/hidden_layers/tanh_layer_0/bias", (OUTPUT_DIM,)), "output")])
    sum_squares = g.op("ReduceSum", [g.op("Mul", [out, out]), g.const("feature_axis", np.array([1], np.int64))], keepdims=1)
    inv_norm = g.op("Reciprocal", [g.op("Sqrt", [g.op("Max", [sum_squares, g.const("normalize_eps", np.array(normalize_eps, np.float32))])])])
    g.nodes.append(helper.make_node("Mul", [out, inv_norm], ["sentence_embedding"], name="l2_normalize"))

    graph = helper.make_graph(
        g.nodes, "use_lite",
        [helper.make_tensor_value_info(ids, TensorProto.INT64, ["batch", "sequence"]),
         helper.make_tensor_value_info(mask, TensorProto.INT64, ["batch", "sequence"])],
        [helper.make_tensor_value_info("sentence_embedding", TensorProto.FLOAT, ["batch", OUTPUT_DIM])],
        g.initializers)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", OPSET)], producer_name="llmlint-convert-use-lite")
    model.ir_version = 8
    model.doc_string = "USE-lite (Universal Sentence Encoder lite, Apache-2.0) converted from its TF.js graph model."
    onnx.checker.check_model(model)
    return model, max_positions


def main():
    if len(sys.argv) != 3:
        fail("usage: convert-use-lite.py <use-lite dist folder> <output folder>")
    dist, out_dir = sys.argv[1], sys.argv[2]
    weights = read_weights(dist)
    model, max_positions = build(weights)
    os.makedirs(out_dir, exist_ok=True)
    tmp = os.path.join(out_dir, "model.onnx.tmp")
    onnx.save(model, tmp)
    os.replace(tmp, os.path.join(out_dir, "model.onnx"))
    shutil.copyfile(os.path.join(dist, "vocab.json"), os.path.join(out_dir, "vocab.json"))
    with open(os.path.join(out_dir, "config.json"), "w", encoding="utf-8") as f:
        json.dump({"model_type": "use-lite", "max_position_embeddings": max_positions, "hidden_size": OUTPUT_DIM,
                   "tokenizer": "sentencepiece-unigram-vocab-json", "pooling": "in-graph"}, f, indent=2)
    print(f"wrote {os.path.join(out_dir, 'model.onnx')} ({os.path.getsize(os.path.join(out_dir, 'model.onnx')) // 1024} KiB), "
          f"{max_positions} positions")


if __name__ == "__main__":
    main()
