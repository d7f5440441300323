"""Chinese names of government bodies and organisations, read by their shape.

The gazetteers know the national bodies (国家发展改革委, 工业和信息化部) and many places. Local
bodies and organisations are named by a pattern: a place (a known Chinese place name, with
or without 省/市/区/县) or a level word standing for the document's own place (省, 市), then a
department stem and a body suffix (江苏省科技厅, 市发展改革委, 苏州市工业和信息化局); or a known
place, a few characters and an organisation suffix (浙江大学, 合肥市人工智能研究院). A known place
anchors the name on the left, so no segmentation is needed and nothing before it is taken.
All words are data (``[zh_shape]`` in ``data/actors/rules.toml``).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import regex

from ._actor_data import ActorData, actor_data, trie_pattern
from .engine import REGEX_TIMEOUT
from .models import ActorKind

__all__ = ["ZhName", "zh_names"]

_HAN = regex.compile(r"\p{Han}")


@dataclass(frozen=True, slots=True)
class ZhName:
    start: int
    end: int
    kind: ActorKind  # "government_body" or "organization"


@lru_cache(maxsize=1)
def _patterns() -> tuple[regex.Pattern[str] | None, regex.Pattern[str] | None]:
    data = actor_data()
    zh = data.rules.zh_shape
    if not data.zh_places:
        return None, None
    suffix = f"{trie_pattern(zh.place_suffixes)}?" if zh.place_suffixes else ""
    place = f"{trie_pattern(data.zh_places)}{suffix}"
    body = None
    if zh.department_stems and zh.body_suffixes:
        levels = f"|{trie_pattern(zh.level_prefixes)}" if zh.level_prefixes else ""
        body = regex.compile(
            f"(?:{place}{levels}){trie_pattern(zh.department_stems)}"
            f"{trie_pattern(zh.body_suffixes)}"
        )
    org = None
    if zh.org_suffixes:
        org = regex.compile(
            f"{place}\\p{{Han}}{{0,{zh.max_org_chars}}}?{trie_pattern(zh.org_suffixes)}"
        )
    return body, org


def zh_names(text: str, pos: int, end: int, data: ActorData | None = None) -> list[ZhName]:
    """Chinese body and organisation names in ``text[pos:end]``, in text order.

    >>> [(text[n.start:n.end], n.kind) for text in ["省科技厅牵头，支持浙江大学建设实验室。"]
    ...  for n in zh_names(text, 0, len(text))]
    [('省科技厅', 'government_body'), ('浙江大学', 'organization')]
    """
    if not _HAN.search(text, pos, end):
        return []
    body, org = _patterns()
    out: list[ZhName] = []
    if body is not None:
        out += [
            ZhName(m.start(), m.end(), "government_body")
            for m in body.finditer(text, pos, end, timeout=REGEX_TIMEOUT)
        ]
    if org is not None:
        taken = [(n.start, n.end) for n in out]
        for m in org.finditer(text, pos, end, timeout=REGEX_TIMEOUT):
            if not any(s < m.end() and m.start() < e for s, e in taken):
                out.append(ZhName(m.start(), m.end(), "organization"))
    out.sort(key=lambda n: (n.start, n.end))
    return out
