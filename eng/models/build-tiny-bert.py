#!/usr/bin/python3
"""Builds the tiny BERT-architecture sentence-embedding model the ONNX embedding tests use.

Random weights (fixed seed), a small WordPiece vocabulary, exported to ONNX by torch, with reference token ids and
reference embeddings computed here, by torch and by a plain WordPiece tokenizer written from the BERT paper's rules.
The C# tests check Microsoft.ML.Tokenizers' BertTokenizer and the ONNX Runtime + pooling path against them.

Needs Debian's python3-torch (and python3-onnx to check the export). Usage:
    /usr/bin/python3 eng/models/build-tiny-bert.py tests/data/tiny-bert   (Debian's interpreter, where python3-torch is)
"""
import json
import math
import os
import sys
import unicodedata

import torch

SEED = 20261204
HIDDEN, LAYERS, HEADS, INTERMEDIATE, MAX_POSITIONS = 32, 2, 4, 64, 128

SPECIAL = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]
WORDS = """the a an is are was be to of and or in on for with my your our it this that what how why when where who
can i you we they not no do does did have has reset password account refund order cancel buy sell stock share
price card bank money transfer payment help please want need get make send open close delete keep lock unlock
email phone number date time today tomorrow support ticket error server database deploy production staging
safe dangerous increase decrease enable disable approve reject before after all some none first last""".split()
PIECES = ["##s", "##ed", "##ing", "##er", "##ly", "##es", "##d", "##y", "##n", "##t", "##e", "##a", "##o", "##i"]
CHARS = list("abcdefghijklmnopqrstuvwxyz0123456789") + ["##" + c for c in "abcdefghijklmnopqrstuvwxyz0123456789"]
PUNCT = list(".,!?;:'\"()-$%&/")

SENTENCES = [
    "How do I reset my password?",
    "I want a refund for my order.",
    "Sell 10 shares of the stock today!",
    "Deploying to production failed: database error 503.",
    "Unlocking my card, please help",
    "Naïve café résumé",
    "supercalifragilistic",
    "a",
    "The quick brown fox jumps over the lazy dog and keeps running until the end of a rather long sentence that has many tokens.",
]


def vocabulary():
    seen, vocab = set(), []
    for token in SPECIAL + WORDS + PIECES + CHARS + PUNCT:
        if token not in seen:
            seen.add(token)
            vocab.append(token)
    return vocab


def is_punctuation(ch):
    cp = ord(ch)
    if 33 <= cp <= 47 or 58 <= cp <= 64 or 91 <= cp <= 96 or 123 <= cp <= 126:
        return True
    return unicodedata.category(ch).startswith("P")


def basic_tokens(text):
    text = unicodedata.normalize("NFD", text.lower())
    text = "".join(c for c in text if unicodedata.category(c) != "Mn")
    tokens, current = [], ""
    for ch in text:
        if ch.isspace():
            if current:
                tokens.append(current)
            current = ""
        elif is_punctuation(ch):
            if current:
                tokens.append(current)
            tokens.append(ch)
            current = ""
        else:
            current += ch
    if current:
        tokens.append(current)
    return tokens


def wordpiece(text, index):
    ids = [index["[CLS]"]]
    for word in basic_tokens(text):
        if len(word) > 100:
            ids.append(index["[UNK]"])
            continue
        pieces, start, bad = [], 0, False
        while start < len(word):
            end, found = len(word), None
            while start < end:
                piece = word[start:end] if start == 0 else "##" + word[start:end]
                if piece in index:
                    found = piece
                    break
                end -= 1
            if found is None:
                bad = True
                break
            pieces.append(index[found])
            start = end
        ids.extend([index["[UNK]"]] if bad else pieces)
    ids.append(index["[SEP]"])
    return ids


class Layer(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.query = torch.nn.Linear(HIDDEN, HIDDEN)
        self.key = torch.nn.Linear(HIDDEN, HIDDEN)
        self.value = torch.nn.Linear(HIDDEN, HIDDEN)
        self.attention_out = torch.nn.Linear(HIDDEN, HIDDEN)
        self.attention_norm = torch.nn.LayerNorm(HIDDEN, eps=1e-12)
        self.intermediate = torch.nn.Linear(HIDDEN, INTERMEDIATE)
        self.output = torch.nn.Linear(INTERMEDIATE, HIDDEN)
        self.output_norm = torch.nn.LayerNorm(HIDDEN, eps=1e-12)

    def forward(self, hidden, additive_mask):
        batch, seq, _ = hidden.shape
        head = HIDDEN // HEADS

        def split(x):
            return x.view(batch, seq, HEADS, head).transpose(1, 2)

        q, k, v = split(self.query(hidden)), split(self.key(hidden)), split(self.value(hidden))
        scores = torch.matmul(q, k.transpose(-1, -2)) / math.sqrt(head) + additive_mask
        context = torch.matmul(torch.softmax(scores, dim=-1), v).transpose(1, 2).reshape(batch, seq, HIDDEN)
        hidden = self.attention_norm(hidden + self.attention_out(context))
        return self.output_norm(hidden + self.output(torch.nn.functional.gelu(self.intermediate(hidden))))


class TinyBert(torch.nn.Module):
    def __init__(self, vocab_size):
        super().__init__()
        self.words = torch.nn.Embedding(vocab_size, HIDDEN)
        self.positions = torch.nn.Embedding(MAX_POSITIONS, HIDDEN)
        self.token_types = torch.nn.Embedding(2, HIDDEN)
        self.norm = torch.nn.LayerNorm(HIDDEN, eps=1e-12)
        self.layers = torch.nn.ModuleList([Layer() for _ in range(LAYERS)])

    def forward(self, input_ids, attention_mask, token_type_ids):
        positions = torch.arange(input_ids.shape[1], dtype=torch.long).unsqueeze(0)
        hidden = self.norm(self.words(input_ids) + self.positions(positions) + self.token_types(token_type_ids))
        additive = (1.0 - attention_mask[:, None, None, :].to(torch.float32)) * -10000.0
        for layer in self.layers:
            hidden = layer(hidden, additive)
        return hidden


def pooled(hidden, mask, mode):
    if mode == "cls":
        vector = hidden[0]
    else:
        weights = mask.to(torch.float32).unsqueeze(-1)
        vector = (hidden * weights).sum(0) / weights.sum(0).clamp(min=1e-9)
    return (vector / vector.norm().clamp(min=1e-12)).tolist()


def main(out_dir):
    torch.manual_seed(SEED)
    os.makedirs(os.path.join(out_dir, "1_Pooling"), exist_ok=True)
    vocab = vocabulary()
    index = {t: i for i, t in enumerate(vocab)}
    with open(os.path.join(out_dir, "vocab.txt"), "w", encoding="utf-8", newline="\n") as f:
        f.write("\n".join(vocab) + "\n")

    model = TinyBert(len(vocab)).eval()
    with torch.no_grad():
        for p in model.parameters():
            p.copy_(torch.randn_like(p) * 0.2)

    ids = [wordpiece(s, index) for s in SENTENCES]
    items = []
    with torch.no_grad():
        for sentence, row in zip(SENTENCES, ids):
            input_ids = torch.tensor([row])
            mask = torch.ones_like(input_ids)
            hidden = model(input_ids, mask, torch.zeros_like(input_ids))[0]
            items.append({"text": sentence, "ids": row, "mean": pooled(hidden, mask[0], "mean"), "cls": pooled(hidden, mask[0], "cls")})

    example = torch.tensor([ids[0]])
    torch.onnx.export(
        model,
        (example, torch.ones_like(example), torch.zeros_like(example)),
        os.path.join(out_dir, "model.onnx"),
        input_names=["input_ids", "attention_mask", "token_type_ids"],
        output_names=["last_hidden_state"],
        dynamic_axes={name: {0: "batch", 1: "sequence"} for name in ["input_ids", "attention_mask", "token_type_ids", "last_hidden_state"]},
        opset_version=14,
    )

    config = {"architectures": ["BertModel"], "model_type": "bert", "hidden_size": HIDDEN, "num_hidden_layers": LAYERS,
              "num_attention_heads": HEADS, "intermediate_size": INTERMEDIATE, "max_position_embeddings": MAX_POSITIONS,
              "vocab_size": len(vocab)}
    with open(os.path.join(out_dir, "config.json"), "w") as f:
        json.dump(config, f, indent=2)
    with open(os.path.join(out_dir, "tokenizer_config.json"), "w") as f:
        json.dump({"do_lower_case": True, "model_max_length": MAX_POSITIONS, "tokenizer_class": "BertTokenizer"}, f, indent=2)
    with open(os.path.join(out_dir, "1_Pooling", "config.json"), "w") as f:
        json.dump({"word_embedding_dimension": HIDDEN, "pooling_mode_cls_token": False, "pooling_mode_mean_tokens": True,
                   "pooling_mode_max_tokens": False, "pooling_mode_mean_sqrt_len_tokens": False}, f, indent=2)
    with open(os.path.join(out_dir, "reference.json"), "w") as f:
        json.dump({"seed": SEED, "torch": torch.__version__, "normalized": True, "items": items}, f)

    try:
        import onnx
        onnx.checker.check_model(onnx.load(os.path.join(out_dir, "model.onnx")))
    except ImportError:
        print("python3-onnx is not installed: the exported model was not checked", file=sys.stderr)


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: build-tiny-bert.py <output folder>")
    main(sys.argv[1])
