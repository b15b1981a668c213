"""Rewrite a round-trip YAML file's machine fields while keeping a person's edits.

Why this exists: ruamel.yaml keeps comments, but it ties each comment to the
key (or sequence item) *before* it, on the node that holds that key. Replace
a value and the comments inside the old value are gone; delete or reorder a
key and its comment goes with it or lands under the wrong key; and in a few
corner cases a moved comment token makes ruamel emit YAML that does not load
again. So a re-extraction cannot simply dump fresh data over the old file.

The pieces here, used by ``claims_yaml`` (which owns the file's keys):

* plain data <-> ruamel nodes, and data equality that ignores comments
  (``to_node``, ``plain``, ``same``);
* harvesting the comment lines of a node before it is replaced, and hanging
  them back after a key (``comment_lines``, ``place_comments``);
* merging one mapping (``merge_map``: machine keys rewritten, human keys and
  comments kept) and lists of mappings by id (``merge_items``), and pairing
  old and new items by id, then by text (``pair_by_id_then_text``);
* the safety net: ``round_trips`` checks the dumped text loads back to the
  same data, ``strip_comments`` gives the comment-free fallback.
"""

from __future__ import annotations

import io
import re
import unicodedata
from typing import Any

from rapidfuzz import fuzz
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import CommentMark
from ruamel.yaml.scalarstring import SingleQuotedScalarString
from ruamel.yaml.tokens import CommentToken

# YAML 1.1 readers (PyYAML) take these plain scalars for booleans: quote them.
_YAML11_BOOLS = frozenset({"y", "n", "yes", "no", "on", "off"})


# --------------------------------------------------------------------------
# Plain data <-> ruamel nodes


def make_yaml() -> YAML:
    yaml = YAML(typ="rt")
    yaml.width = 4096  # one value per line: greppable, and diffs stay small
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.allow_unicode = True
    yaml.preserve_quotes = True
    return yaml


def dump(root: CommentedMap) -> str:
    out = io.StringIO()
    make_yaml().dump(root, out)
    return out.getvalue()


def to_node(value: Any) -> Any:
    """Plain data -> ruamel nodes; lists of scalars are written in flow style ``[a, b]``."""
    if isinstance(value, dict):
        node = CommentedMap()
        for key, item in value.items():
            node[key] = to_node(item)
        return node
    if isinstance(value, (list, tuple)):
        seq = CommentedSeq(to_node(item) for item in value)
        if not any(isinstance(item, (dict, list, tuple)) for item in value):
            seq.fa.set_flow_style()
        return seq
    if isinstance(value, str) and value.lower() in _YAML11_BOOLS:
        return SingleQuotedScalarString(value)
    return value


def same(a: Any, b: Any) -> bool:
    """Equal as data, with bool and int kept apart (``True == 1`` in Python)."""
    if isinstance(a, dict) and isinstance(b, dict):
        return list(a) == list(b) and all(same(a[k], b[k]) for k in a)
    if isinstance(a, (list, tuple)) and isinstance(b, (list, tuple)):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    if isinstance(a, bool) or isinstance(b, bool):
        return isinstance(a, bool) and isinstance(b, bool) and a == b
    if isinstance(a, (dict, list, tuple)) or isinstance(b, (dict, list, tuple)):
        return False
    return a == b and (a is None) == (b is None)


def plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, str):
        return str(value)
    return value


# --------------------------------------------------------------------------
# Comments (ruamel keeps them on the nodes: harvest them before a node is replaced)


def entry_lines(entry: Any) -> list[str]:
    """Comment lines (text after '#') of one ruamel comment holder (token, list, nested lists)."""
    if entry is None:
        return []
    if isinstance(entry, list):
        return [line for item in entry for line in entry_lines(item)]
    value = getattr(entry, "value", None)
    if not isinstance(value, str):
        return []
    return [line.strip()[1:].strip() for line in value.splitlines() if line.strip().startswith("#")]


def comment_lines(node: Any) -> list[str]:
    """The comment lines held anywhere inside ``node`` (a ruamel node), in order."""
    found: list[str] = []
    ca = getattr(node, "ca", None)
    if ca is not None:
        found += entry_lines(ca.comment)
        keys = list(node.keys()) if isinstance(node, dict) else list(range(len(node)))
        for key in keys:
            found += entry_lines(ca.items.get(key))
            found += comment_lines(node[key])
        found += entry_lines(ca.end)
    return found


def place_comments(node: CommentedMap, after_key: str, lines: list[str], indent: int) -> None:
    """Put comment lines harvested from ``node[after_key]`` right after it."""
    if not lines:
        return
    keys = list(node.keys())
    following = keys[keys.index(after_key) + 1 :] if after_key in keys else []
    if following:
        node.yaml_set_comment_before_after_key(following[0], before="\n".join(lines), indent=indent)
        return
    # Last key: hang the lines after the last scalar-valued key's line.
    scalar_keys = [k for k in keys if not isinstance(node[k], (dict, list))]
    target = scalar_keys[-1] if scalar_keys else keys[0]
    text = "".join(f"{' ' * indent}# {line}\n" for line in lines)
    entry = node.ca.items.setdefault(target, [None, None, None, None])
    if entry[2] is None:
        entry[2] = CommentToken("\n" + text, CommentMark(0), None)
    else:
        entry[2].value = entry[2].value.rstrip("\n") + "\n" + text


def keep_seq_comments(old_seq: Any, items: list) -> CommentedSeq:
    """A new sequence of ``items`` keeping the comments before and after ``old_seq``."""
    seq = CommentedSeq(items)
    if isinstance(old_seq, CommentedSeq):
        seq.ca.comment = old_seq.ca.comment
        seq.ca.end = old_seq.ca.end
    return seq


def strip_comments(node: Any) -> Any:
    from ruamel.yaml.comments import Comment

    if hasattr(node, "ca"):
        setattr(node, Comment.attrib, Comment())
    if isinstance(node, dict):
        for value in node.values():
            strip_comments(value)
    elif isinstance(node, list):
        for value in node:
            strip_comments(value)
    return node


def round_trips(text: str, root: CommentedMap) -> bool:
    """Does ``text`` (``root`` dumped) load back to the same data? ruamel's
    comment handling has corner cases that emit broken YAML."""
    try:
        again = make_yaml().load(text)
    except Exception:
        return False
    return same(plain(again), plain(root))


# --------------------------------------------------------------------------
# Merging mappings


def merge_map(
    old: Any,
    new: CommentedMap,
    machine_keys: tuple[str, ...],
    indent: int,
    human_defaults: dict[str, Any] | None = None,
    nested_keys: dict[str, tuple[str, ...]] | None = None,
) -> CommentedMap:
    """``new``'s machine keys written into ``old`` (kept for its comments and extra keys).

    ``nested_keys`` names machine mappings merged key by key (with their own
    machine keys) so that comments inside them stay put.
    """
    if not isinstance(old, CommentedMap):
        return new
    human_defaults = human_defaults or {}
    nested_keys = nested_keys or {}
    moved: list[tuple[str, list[str]]] = []
    for key in machine_keys:
        if key in new:
            if key in old and same(plain(old[key]), plain(new[key])):
                continue  # unchanged: keep the old node and the comments inside it
            if key in nested_keys and isinstance(old.get(key), CommentedMap):
                old[key] = merge_map(old[key], new[key], nested_keys[key], indent + 2, nested_keys=nested_keys)
                continue
            if key in old:
                moved.append((key, comment_lines(old[key])))
            old[key] = new[key]
        elif key in old:
            lines = entry_lines(old.ca.items.pop(key, None)) + comment_lines(old[key])
            del old[key]
            if lines:
                moved.append(("", lines))
    for key, default in human_defaults.items():
        if key not in old:
            old[key] = new.get(key, default)
    order = [k for k in machine_keys if k in new] + list(human_defaults)
    extras = [k for k in old if k not in order and k not in machine_keys]
    for key in order + extras:
        old.move_to_end(key)
    for key, lines in moved:
        place_comments(old, key or order[-1], lines, indent)
    return old


def is_annotated(node: Any, machine_keys: tuple[str, ...], human_defaults: dict[str, Any]) -> bool:
    """Does this old mapping hold human work (changed human fields, own keys, comments)?"""
    if not isinstance(node, dict):
        return False
    for key, default in human_defaults.items():
        if key in node and not same(plain(node[key]), default):
            return True
    if any(k not in machine_keys and k not in human_defaults for k in node):
        return True
    return bool(comment_lines(node))


def merge_items(
    old_items: Any,
    new_items: list,
    id_key: str,
    machine_keys: tuple[str, ...],
    label: str,
    nested_keys: dict[str, tuple[str, ...]] | None = None,
) -> tuple[list, list]:
    """Mappings merged by ``id_key``; removed but annotated ones become orphans ``{label: id, ...}``."""
    old_by_id: dict[Any, CommentedMap] = {}
    duplicates: list[CommentedMap] = []
    for item in old_items or []:
        ident = plain(item.get(id_key))
        if ident in old_by_id:
            duplicates.append(item)
        else:
            old_by_id[ident] = item
    merged = []
    for new in new_items:
        old = old_by_id.pop(plain(new[id_key]), None)
        merged.append(merge_map(old, new, machine_keys, indent=4, nested_keys=nested_keys))
    orphans = []
    for item in list(old_by_id.values()) + duplicates:
        ident = plain(item.get(id_key))
        if is_annotated(item, machine_keys, {}):
            orphan = CommentedMap()
            orphan[label] = ident
            if "text" in item or "title" in item:
                orphan["text"] = item.get("text", item.get("title"))
            for key in item:
                if key not in machine_keys:
                    orphan[key] = item[key]
            orphan.ca.items.update({k: v for k, v in item.ca.items.items() if k in orphan})
            orphans.append(orphan)
    return merged, orphans


# --------------------------------------------------------------------------
# Pairing old and new items


def pair_by_id_then_text(
    new_items: list, candidates: list, threshold: float
) -> tuple[dict[int, int], list[str], list[tuple[str, str]]]:
    """(new index -> candidate index, ids kept, (old id, new id) matched by text).

    Items pair by ``id`` first; the rest (an edited sentence gets a new id) by
    the most similar ``text`` scoring at least ``threshold``.
    """
    match: dict[int, int] = {}
    by_id: dict[str, int] = {}
    for index, old in enumerate(candidates):
        by_id.setdefault(str(old.get("id")), index)
    kept_by_id = []
    for index, new in enumerate(new_items):
        old_index = by_id.get(str(new["id"]))
        if old_index is not None and old_index not in match.values():
            match[index] = old_index
            kept_by_id.append(str(new["id"]))

    free_new = [i for i in range(len(new_items)) if i not in match]
    used = set(match.values())
    free_old = [j for j in range(len(candidates)) if j not in used]
    matched_by_text = []
    if free_new and free_old:
        old_texts = {j: _normalise(candidates[j].get("text")) for j in free_old}
        pairs = []
        for i in free_new:
            text = _normalise(new_items[i].get("text"))
            for j in free_old:
                score = fuzz.ratio(text, old_texts[j], score_cutoff=threshold)
                if score >= threshold:
                    pairs.append((-score, i, j))
        pairs.sort()
        for _, i, j in pairs:
            if i in match or j in used:
                continue
            match[i] = j
            used.add(j)
            matched_by_text.append((str(candidates[j].get("id")), str(new_items[i]["id"])))
    return match, kept_by_id, matched_by_text


def _normalise(text: Any) -> str:
    text = unicodedata.normalize("NFKC", str(text or "")).casefold()
    return " ".join(re.sub(r"[^\w]+", " ", text).split())
