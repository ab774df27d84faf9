"""One-off: write data/results/*.yaml from the gathered facts (results.yaml).

Run once from the project root:  python tools/convert_results.py /path/to/facts/results.yaml
The numbers are copied untouched; this script only adds what the facts say in prose
(method, paper id, variant, kind, protocol) in the schema's fields, and writes one
file per source table. After it has run, the YAML files are the data: edit them, not this.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from urllib.parse import quote

import yaml

DATASETS = {"RSICD": "rsicd", "RSITMD": "rsitmd", "UCM-Captions": "ucm-captions",
            "Sydney-Captions": "sydney-captions", "NWPU-Captions": "nwpu-captions"}
RECALLS = ("i2t_r1", "i2t_r5", "i2t_r10", "t2i_r1", "t2i_r5", "t2i_r10")

CLIP_PT = "CLIP (general-domain vision-language pre-training)"


def M(method, paper=None, variant=None, *, kind=None, baseline=False, note=None, **protocol):
    return {"method": method, "paper": paper, "variant": variant, "kind": kind, "baseline": baseline,
            "note": note, "protocol": protocol}


# One entry per output file: which facts rows go in it, the provenance, the shared
# protocol, and for each row label (as in the facts) the method it names.
TABLES = [
    {
        "file": "pir-2023-table1",
        "match": {"path": "assets/image-20230814214836481.png"},
        "paper": "pir-2023", "table": "Table 1",
        "caption": "Comparison results of the image-text retrieval on RSICD and RSITMD",
        "how": "Image of the table in the repository README, transcribed by hand.",
        "protocol": {"setting": "benchmark-only"},
        "note": "TL and CL in the row names are the loss (triplet or contrastive); AL is PIR's extra "
                "alignment loss. The bracket gives the image / text backbones.",
        "rows": {
            "VSE0 (TL) [ResNet-50 / GRU]": M("VSE++", image_backbone="ResNet-50", text_backbone="GRU",
                                            note="PIR's VSE0 is a VSE++-style baseline; the SWAN README prints "
                                                 "the same numbers under the name VSE++."),
            "SCAN i2t (TL) [RoI Transformer / GRU]": M("SCAN", variant="i2t", image_backbone="RoI Transformer",
                                                        text_backbone="GRU"),
            "SCAN t2i (TL) [RoI Transformer / GRU]": M("SCAN", variant="t2i", image_backbone="RoI Transformer",
                                                        text_backbone="GRU"),
            "CAMP (TL) [RoI Transformer / GRU]": M("CAMP", image_backbone="RoI Transformer", text_backbone="GRU"),
            "CAMERA (TL) [RoI Transformer / Bert]": M("CAMERA", image_backbone="RoI Transformer",
                                                       text_backbone="Bert"),
            "LW-MCR (TL) [CNN Blocks / CNN Blocks]": M("LW-MCR", "lw-mcr-2021", "d", image_backbone="CNN Blocks",
                                                        text_backbone="CNN Blocks",
                                                        note="Same numbers as LW-MCR(d) in GaLR's Table I."),
            "AMFMN (TL) [ResNet-18 / GRU]": M("AMFMN", "amfmn-2021", "sim", image_backbone="ResNet-18",
                                               text_backbone="GRU",
                                               note="Printed as AMFMN; the numbers are AMFMN-sim's in AMFMN's "
                                                    "Table II."),
            "GaLR (TL) [ResNet-18 + ppyolo / GRU]": M("GaLR", "galr-2022", "with MR",
                                                       image_backbone="ResNet-18 + ppyolo", text_backbone="GRU",
                                                       note='Printed as GaLR; the numbers are "GaLR with MR" in '
                                                            "GaLR's Table I."),
            "KCR (TL) [ResNet-101 / Bert]": M("KCR", "kcr-2022", image_backbone="ResNet-101", text_backbone="Bert",
                                               note="No RSITMD result is printed for KCR."),
            "SWAN (TL) [ResNet-50 / GRU]": M("SWAN", "swan-2023", image_backbone="ResNet-50", text_backbone="GRU"),
            "VSE1 (CL) [ViT / Bert]": M("VSE1", variant="CL", baseline=True, image_backbone="ViT",
                                         text_backbone="Bert"),
            "VSE2 (TL) [Swin Transformer / Bert]": M("VSE2", variant="TL", baseline=True,
                                                      image_backbone="Swin Transformer", text_backbone="Bert"),
            "VSE2 (CL) [Swin Transformer / Bert]": M("VSE2", variant="CL", baseline=True,
                                                      image_backbone="Swin Transformer", text_backbone="Bert"),
            "VSE2+TEL (CL) [Swin Transformer / Bert]": M("VSE2+TEL", variant="CL", baseline=True,
                                                          image_backbone="Swin Transformer", text_backbone="Bert"),
            "PIR (CL+AL) [Swin Transformer + ResNet-50 / Bert]": M(
                "PIR", "pir-2023", image_backbone="Swin Transformer + ResNet-50", text_backbone="Bert"),
        },
    },
    {
        "file": "swan-2023-readme",
        "match": {"path": "figures/result.png", "repo": "jaychempan/SWAN-pytorch"},
        "paper": "swan-2023", "table": "Results table (README)",
        "how": "Image of the table in the repository README, transcribed by hand.",
        "protocol": {"setting": "benchmark-only"},
        "note": "Only SWAN's own rows are recorded: the other rows of this table print the same numbers as "
                "PIR's Table 1 (pir-2023-table1.yaml).",
        "rows": {"SWAN": M("SWAN", "swan-2023")},
    },
    {
        "file": "amfmn-2021-table2",
        "match": {"repo": "xiaoyuan1996/AMFMN"},
        "paper": "amfmn-2021", "table": "Table II",
        "caption": "Comparisons of sentence-image retrieval experiments on RSICD, RSITMD, UCM, and Sydney test set",
        "how": "The authors' PDF of the paper stored in the repository (page 11), transcribed by hand.",
        "protocol": {"setting": "benchmark-only", "split": "k-fold",
                     "split_note": "80% train / 10% val / 10% test per dataset (AMFMN paper, Sec. V-A)"},
        "note": "The baselines (VSE++, SCAN, CAMP, MTFN) were re-implemented by the AMFMN authors with a "
                "ResNet-18 image encoder in place of the detector (AMFMN paper, Sec. V-C).",
        "rows": {
            **{name: M(base, variant=var, kind="rerun", image_backbone="ResNet-18")
               for name, base, var in [("VSE++", "VSE++", None), ("SCAN t2i", "SCAN", "t2i"),
                                       ("SCAN i2t", "SCAN", "i2t"), ("CAMP-triplet", "CAMP", "triplet"),
                                       ("CAMP-bce", "CAMP", "bce"), ("MTFN", "MTFN", None)]},
            "AMFMN-soft": M("AMFMN", "amfmn-2021", "soft"),
            "AMFMN-fusion": M("AMFMN", "amfmn-2021", "fusion"),
            "AMFMN-sim": M("AMFMN", "amfmn-2021", "sim"),
        },
    },
    {
        "file": "galr-2022-table1",
        "match": {"repo": "xiaoyuan1996/GaLR"},
        "paper": "galr-2022", "table": "Table I",
        "caption": "Comparisons of retrieval performance on RSICD and RSITMD testset",
        "how": "Image of the table in the repository README, transcribed by hand.",
        "protocol": {"setting": "benchmark-only"},
        "note": "MR is GaLR's multivariate re-ranking step. The VSE++, SCAN, CAMP, MTFN and AMFMN rows of this "
                "table print the same numbers as AMFMN's Table II and are not repeated here.",
        "rows": {
            "GaLR w/o MR": M("GaLR", "galr-2022", "w/o MR"),
            "GaLR with MR": M("GaLR", "galr-2022", "with MR"),
            "LW-MCR(b)": M("LW-MCR", "lw-mcr-2021", "b"),
            "LW-MCR(d)": M("LW-MCR", "lw-mcr-2021", "d"),
        },
    },
    {
        "file": "remoteclip-2024-table2",
        "match": {"repo": "ChenDelong1999/RemoteCLIP"},
        "paper": "remoteclip-2024", "table": "Table 2",
        "how": "Image of the table in the repository README, transcribed by hand.",
        "protocol": {"setting": "benchmark-only"},
        "note": "RET-3 is the training data of RSICD, RSITMD and UCM-Captions together (13,713 samples per the "
                "table); RET-3+DET-10+SEG-4 adds detection and segmentation data turned into captions "
                "(165,745 samples). Every row is evaluated on the test split of its dataset.",
        "rows": {
            "VSE++ [VGG19/GRU] (trained on RSITMD)": M("VSE++", image_backbone="VGG19", text_backbone="GRU"),
            "VSE++ [VGG19/GRU]": M("VSE++", image_backbone="VGG19", text_backbone="GRU"),
            "SCAN [ResNet-101/GRU]": M("SCAN", variant="i2t", image_backbone="ResNet-101", text_backbone="GRU",
                                       note="Printed as SCAN; the numbers are SCAN i2t's in AMFMN's Table II."),
            "MTFN [ResNet/GRU]": M("MTFN", image_backbone="ResNet", text_backbone="GRU"),
            # Printed as AMFMN: the variant is the one whose numbers match AMFMN's Table II.
            ("AMFMN [listed as ResNet-50 / GloVe fasText]", "RSITMD"): M(
                "AMFMN", "amfmn-2021", "sim", image_backbone="ResNet-50", text_backbone="GloVe fasText",
                note="Printed as AMFMN; the numbers are AMFMN-sim's in AMFMN's Table II."),
            "AMFMN [listed as ResNet-50 / GloVe fasText]": M(
                "AMFMN", "amfmn-2021", "fusion", image_backbone="ResNet-50", text_backbone="GloVe fasText",
                note="Printed as AMFMN; the numbers are AMFMN-fusion's in AMFMN's Table II."),
            "LW-MRC-u [Big Transfer / Bi-LSTM]": M("LW-MCR", "lw-mcr-2021", "u", image_backbone="Big Transfer",
                                                    text_backbone="Bi-LSTM",
                                                    note="The table spells the method LW-MRC."),
            "GaLR [ResNet-18/GRU]": M("GaLR", "galr-2022", "with MR", image_backbone="ResNet-18", text_backbone="GRU",
                                      note='Printed as GaLR; the numbers are "GaLR with MR" in GaLR\'s Table I.'),
            "Rahhal et al. [ViT-B-32 / Transformer]": M("Multilanguage Transformer",
                                                         "multilanguage-transformer-2022",
                                                         image_backbone="ViT-B-32", text_backbone="Transformer"),
            "CLIP-CL RN50 (trained on RET-3)": M("CLIP-CL", variant="RN50", kind="own", baseline=True,
                                                  setting="extra-pretraining", pretraining=["RET-3"],
                                                  image_backbone="RN50"),
            "CLIP-CL ViT-B-32 (trained on RET-3)": M("CLIP-CL", variant="ViT-B-32", kind="own", baseline=True,
                                                      setting="extra-pretraining", pretraining=["RET-3"],
                                                      image_backbone="ViT-B-32"),
            **{f"RemoteCLIP {bb} (RET-3+DET-10+SEG-4)": M("RemoteCLIP", "remoteclip-2024", bb,
                                                          setting="extra-pretraining",
                                                          pretraining=["RET-3+DET-10+SEG-4"], image_backbone=bb)
               for bb in ("RN50", "ViT-B-32", "ViT-L-14")},
        },
    },
    {
        "file": "rs5m-2024-readme",
        "match": {"repo": "om-ai-lab/RS5M"},
        "paper": "rs5m-2024", "table": "README result tables",
        "caption": 'Experiment Result > RSCTIR Task: "RSICD Test set" and "RSITMD test set"',
        "how": "Markdown tables in the repository README; the source prints every value with a % sign, "
               "dropped here.",
        "protocol": {"setting": "benchmark-only"},
        "note": 'The source groups the rows by paradigm: supervised on the benchmark, a general '
                'vision-language model plus fine-tuning ("GVLM + FT"), and zero-shot.',
        "rows": {
            "LW-MCR": M("LW-MCR", "lw-mcr-2021", "d", note="Printed as LW-MCR; the numbers are LW-MCR(d)'s in "
                                                           "GaLR's Table I."),
            "VSE++": M("VSE++"),
            "AFMFN (sic; = AMFMN)": M("AMFMN", "amfmn-2021", "fusion",
                                      note='The source spells the method "AFMFN"; the numbers are '
                                           "AMFMN-fusion's in AMFMN's Table II."),
            "KCR": M("KCR", "kcr-2022", note="These numbers differ from the KCR numbers quoted in the PIR and "
                                             "KAMCL tables."),
            "GaLR": M("GaLR", "galr-2022", "with MR", note='Printed as GaLR; the numbers are "GaLR with MR" in '
                                                           "GaLR's Table I."),
            "SWAN": M("SWAN", "swan-2023"),
            "HVSA": M("HVSA", "hvsa-2023"),
            "PIR": M("PIR", "pir-2023"),
            "FAAMI": M("FAAMI", "faami-2023"),
            "Multilanguage": M("Multilanguage Transformer", "multilanguage-transformer-2022",
                               note="RemoteCLIP's Table 2 prints the same six RSICD recalls with mR 27.43."),
            "PE-RSITR": M("PE-RSITR", "pe-rsitr-2023", "MRS-Adapter", setting="extra-pretraining",
                          pretraining=[CLIP_PT],
                          note="Printed as PE-RSITR; the numbers are those of PE-RSITR's own tables (MRS-Adapter)."),
            "MTGFE": M("MTGFE", "mtgfe-2023"),
            "RemoteCLIP": M("RemoteCLIP", "remoteclip-2024", "ViT-B-32", setting="extra-pretraining",
                            pretraining=["RET-3+DET-10+SEG-4"]),
            "CLIP-Baseline": M("CLIP", variant="zero-shot", kind="own", baseline=True, setting="zero-shot",
                               pretraining=[CLIP_PT]),
            "GeoRSCLIP-FT (RS5M + RSICD)": M("GeoRSCLIP", "rs5m-2024", "FT (RS5M + RSICD)",
                                             setting="extra-pretraining", pretraining=["RS5M"]),
            "GeoRSCLIP-FT (RS5M + RSITMD)": M("GeoRSCLIP", "rs5m-2024", "FT (RS5M + RSITMD)",
                                              setting="extra-pretraining", pretraining=["RS5M"]),
            "GeoRSCLIP-FT (RS5M + RET-2)": M("GeoRSCLIP", "rs5m-2024", "FT (RS5M + RET-2)",
                                             setting="extra-pretraining", pretraining=["RS5M", "RET-2"]),
            "GeoRSCLIP-ViTB32 (zero-shot, RS5M pre-trained)": M(
                "GeoRSCLIP", "rs5m-2024", "ViT-B-32 zero-shot", setting="zero-shot", pretraining=["RS5M"],
                image_backbone="ViT-B-32",
                note='From the "All tasks" table; no fine-tuning on the benchmark is stated for this row.'),
            "GeoRSCLIP-ViTH14 (zero-shot, RS5M pre-trained)": M(
                "GeoRSCLIP", "rs5m-2024", "ViT-H-14 zero-shot", setting="zero-shot", pretraining=["RS5M"],
                image_backbone="ViT-H-14",
                note='From the "All tasks" table; no fine-tuning on the benchmark is stated for this row.'),
        },
    },
    *[
        {
            "file": f"pe-rsitr-2023-table{arabic}",
            "match": {"path": f"fig/result_{ds}.png"},
            "paper": "pe-rsitr-2023", "table": f"Table {num}",
            "how": 'Image of the table in the repository README, transcribed by hand. "Text retrieval" is '
                   'image→text, "Image retrieval" is text→image.',
            "protocol": {"setting": "benchmark-only"},
            "note": "The rows from Zero-shot CLIP to UniAdapter are CLIP ViT-B-32 with parameter-efficient "
                    "transfer methods, run by the PE-RSITR authors; the rows above them are earlier RSITR "
                    "methods quoted from their papers.",
            "rows": "pe-rsitr",
        }
        for num, arabic, ds in (("I", 1, "RSICD"), ("II", 2, "RSITMD"), ("III", 3, "UCM"))
    ],
    {
        "file": "hvsa-2023-readme",
        "match": {"repo": "ZhangWeihang99/HVSA"},
        "paper": "hvsa-2023", "table": "Results table (README)",
        "how": "Image of the table in the repository README, transcribed by hand.",
        "protocol": {"setting": "benchmark-only"},
        "note": "The table prints rsum, the sum of the six recalls, and no mR.",
        "rows": {"HVSA": M("HVSA", "hvsa-2023"), "HyperMatch": M("HyperMatch")},
    },
    {
        "file": "kamcl-2023-table1",
        "match": {"path": "figure/rsicd_rsitmd.png"},
        "paper": "kamcl-2023", "table": "Table I",
        "caption": "Comparisons of retrieval performance on RSICD and RSITMD testset",
        "how": "Image of the table in the repository README, transcribed by hand.",
        "protocol": {"setting": "benchmark-only"},
        "note": "The VSE++ to GaLR rows of this table print the same numbers as GaLR's Table I and are not "
                "repeated here.",
        "rows": {
            "KCR [ResNet-101]": M("KCR", "kcr-2022", image_backbone="ResNet-101",
                                  note="Image→text R@5 is printed 19.59 here and 18.59 in the PIR and SWAN tables; "
                                       "the printed mR 19.89 fits 18.59."),
            "SWAN [ResNet-50, Glove]": M("SWAN", "swan-2023", image_backbone="ResNet-50", text_backbone="Glove"),
            **{f"KAMCL ({bb})": M("KAMCL", "kamcl-2023", bb, image_backbone=bb)
               for bb in ("ResNet-18", "ResNet-50", "ResNet-101")},
        },
    },
    {
        "file": "kamcl-2023-table2",
        "match": {"path": "figure/nwpu.png"},
        "paper": "kamcl-2023", "table": "Table II",
        "caption": "Comparisons of retrieval performance on NWPU-Captions testset. Results are replicated by "
                   "open-source code.",
        "how": "Image of the table in the repository README, transcribed by hand.",
        "protocol": {"setting": "benchmark-only"},
        "note": "The KAMCL authors ran the baselines themselves from their published code.",
        "rows": {
            "VSE++ [ResNet-18]": M("VSE++", kind="rerun", image_backbone="ResNet-18"),
            **{f"AMFMN-{v} [ResNet-18]": M("AMFMN", "amfmn-2021", v, kind="rerun", image_backbone="ResNet-18")
               for v in ("soft", "fusion", "sim")},
            **{f"KAMCL ({bb})": M("KAMCL", "kamcl-2023", bb, image_backbone=bb)
               for bb in ("ResNet-18", "ResNet-50", "ResNet-101")},
        },
    },
    {
        "file": "rrsitr-2026-comparison",
        "match": {"repo": "MSFLabX/RRSITR"},
        "paper": "rrsitr-2026", "table": "Comparison table (README)",
        "caption": "Image-text retrieval performance on RSITMD, RSICD, and NWPU under 0% noise ratio",
        "how": "Image of the table in the repository README, transcribed by hand; values are printed as "
               "mean±std.",
        "protocol": {"note": "0% noise ratio; RRSITR's own training and evaluation protocol, mean over "
                             "repeated runs"},
        "note": "RRSITR re-ran ten earlier methods under its own protocol, so their numbers differ from the ones "
                "in the methods' own papers.",
        "rows": "rrsitr",
    },
]

PE_RSITR_EARLIER = {
    "VSE++": ("VSE++", None, None), "SCAN t-i": ("SCAN", None, "t2i"), "SCAN i-t": ("SCAN", None, "i2t"),
    "CAMP-triplet": ("CAMP", None, "triplet"), "CAMP-bce": ("CAMP", None, "bce"), "MTFN": ("MTFN", None, None),
    "LW-MCR-b": ("LW-MCR", "lw-mcr-2021", "b"), "LW-MCR-d": ("LW-MCR", "lw-mcr-2021", "d"),
    "LW-MCR-u": ("LW-MCR", "lw-mcr-2021", "u"), "AMFMN-soft": ("AMFMN", "amfmn-2021", "soft"),
    "AMFMN-fusion": ("AMFMN", "amfmn-2021", "fusion"), "AMFMN-sim": ("AMFMN", "amfmn-2021", "sim"),
    "MCRN": ("MCRN", "mcrn-2022", None), "CABIR": ("CABIR", None, None),
    "GaLR w/o MR": ("GaLR", "galr-2022", "w/o MR"), "GaLR with MR": ("GaLR", "galr-2022", "with MR"),
    "Single Language [JSTARS'22]": ("Multilanguage Transformer", "multilanguage-transformer-2022", None),
}
PE_RSITR_PETL = {
    "Zero-shot CLIP (ViT-B-32)": ("CLIP", "zero-shot"), "Linear probe CLIP": ("CLIP", "linear probe"),
    "Full fine-tuning CLIP": ("CLIP", "full fine-tuning"),
    **{n: (n, None) for n in ("CoOp", "VPT", "VL-Prompt", "Adapter", "CLIP-Adapter", "Convpass", "AdaptFormer",
                              "Cross-Modal Adapter", "UniAdapter")},
}


def pe_rsitr_row(label: str) -> dict:
    if label in PE_RSITR_EARLIER:
        method, paper, variant = PE_RSITR_EARLIER[label]
        note = ("Printed as Single Language [JSTARS'22]; RemoteCLIP's and RS5M's tables print the same numbers "
                "for Al Rahhal et al.") if label.startswith("Single") else None
        return M(method, paper, variant, note=note)
    if label in PE_RSITR_PETL:
        method, variant = PE_RSITR_PETL[label]
        setting = "zero-shot" if variant == "zero-shot" else "extra-pretraining"
        return M(method, variant=variant, kind="rerun", setting=setting, pretraining=[CLIP_PT],
                 image_backbone="ViT-B-32")
    if label.startswith("PE-RSITR"):
        return M("PE-RSITR", "pe-rsitr-2023", "MRS-Adapter", setting="extra-pretraining", pretraining=[CLIP_PT],
                 image_backbone="ViT-B-32", note="0.16M trainable parameters.")
    raise KeyError(label)


RRSITR_PAPERS = {"AMFMN": "amfmn-2021", "HVSA": "hvsa-2023", "KAMCL": "kamcl-2023", "SWAN": "swan-2023",
                 "PIR": "pir-2023", "MSA": "msa-2024"}


def rrsitr_row(label: str) -> dict:
    if label == "RRSITR":
        return M("RRSITR", "rrsitr-2026")
    name = re.match(r"^(\S+) \(", label).group(1)
    note = "The table does not say which AMFMN variant (soft, fusion, sim) was run." if name == "AMFMN" else None
    return M(name, RRSITR_PAPERS.get(name), kind="rerun", note=note)


def row_meta(table: dict, label: str, dataset: str) -> dict:
    if table["rows"] == "pe-rsitr":
        return pe_rsitr_row(label)
    if table["rows"] == "rrsitr":
        return rrsitr_row(label)
    return table["rows"].get((label, dataset)) or table["rows"][label]


def kind_of(meta: dict, fact: dict) -> str:
    if meta["kind"]:
        return meta["kind"]
    return "own" if fact["result_type"] == "own" else "quoted"


def fmt(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, list):
        return "[" + ", ".join(fmt(v) for v in value) + "]"
    text = str(value)
    dumped = yaml.safe_dump(text, default_flow_style=True, width=10_000, allow_unicode=True).rstrip("\n")
    if dumped.endswith("\n..."):
        dumped = dumped[: -len("\n...")]
    return dumped


def url_of(source: dict) -> str:
    # The facts keep the URL as GitHub shows it; spaces and non-ASCII are percent-encoded so it is one token.
    return quote(source["url"], safe=":/?#@!$&'()*+,;=%~-._")


def emit(table: dict, facts: list[dict]) -> str:
    src = facts[0]["source"]
    lines = ["# yaml-language-server: $schema=../../schema/result.schema.json",
             f"# {src['table']}, read from {src['repo']}. Numbers are copied as printed. The",
             "# source prints two decimals; YAML drops trailing zeros (40.40 is stored as 40.4),",
             "# and `decimals: 2` brings them back when the numbers are shown.",
             "source:",
             f"  paper: {table['paper']}",
             f"  table: {fmt(table['table'])}"]
    if table.get("caption"):
        lines.append(f"  caption: {fmt(table['caption'])}")
    lines += [f"  repo: {src['repo']}",
              f"  commit: {src['commit']}",
              f"  path: {fmt(src['path'])}",
              f"  url: {fmt(url_of(src))}",
              f"  how: {fmt(table['how'])}",
              "decimals: 2"]
    proto = table["protocol"]
    if proto:
        lines.append("protocol:")
        for k, v in proto.items():
            lines.append(f"  {k}: {fmt(v)}")
    lines.append(f"note: {fmt(table['note'])}")
    lines.append("results:")
    for fact in facts:
        meta = row_meta(table, fact["method"], fact["dataset"])
        lines.append(f"  - label: {fmt(fact['method'])}")
        lines.append(f"    method: {fmt(meta['method'])}")
        if meta["paper"]:
            lines.append(f"    paper: {meta['paper']}")
        if meta["variant"]:
            lines.append(f"    variant: {fmt(meta['variant'])}")
        if meta["baseline"]:
            lines.append("    baseline: true")
        lines.append(f"    dataset: {DATASETS[fact['dataset']]}")
        lines.append(f"    kind: {kind_of(meta, fact)}")
        row_proto = {k: v for k, v in meta["protocol"].items() if proto.get(k) != v}
        if row_proto:
            lines.append("    protocol:")
            for k, v in row_proto.items():
                lines.append(f"      {k}: {fmt(v)}")
        for k in RECALLS:
            lines.append(f"    {k}: {fmt(float(fact[k]))}")
        if fact.get("mR") is not None:
            lines.append(f"    mR: {fmt(float(fact['mR']))}")
        if fact.get("rsum") is not None:
            lines.append(f"    rsum: {fmt(float(fact['rsum']))}")
        if fact.get("std_i2t_r1") is not None:
            std = ", ".join(f"{k}: {fmt(float(fact['std_' + k]))}" for k in (*RECALLS, "mR"))
            lines.append(f"    std: {{{std}}}")
        if meta["note"]:
            lines.append(f"    note: {fmt(meta['note'])}")
    return "\n".join(lines) + "\n"


def main(facts_path: str, out_dir: str = "data/results") -> None:
    facts = yaml.safe_load(Path(facts_path).read_text(encoding="utf-8"))["results"]
    used = set()
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    for table in TABLES:
        rows = [(i, f) for i, f in enumerate(facts)
                if all(f["source"].get(k) == v for k, v in table["match"].items())]
        assert rows, table["file"]
        assert not used & {i for i, _ in rows}, table["file"]
        used |= {i for i, _ in rows}
        (out / f"{table['file']}.yaml").write_text(emit(table, [f for _, f in rows]), encoding="utf-8")
        print(f"{table['file']}: {len(rows)} rows")
    assert used == set(range(len(facts))), "some facts rows were not written"


if __name__ == "__main__":
    main(*sys.argv[1:])
