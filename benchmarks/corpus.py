"""Generate a benchmark corpus of budget disclosures: N departments x M years, every layout.

    python -m benchmarks.corpus --documents 100 --out /tmp/corpus [--seed 1] [--years 5]

Seeded and deterministic: the same arguments write byte-identical files. Each
document is one department's 部门预算 for one year, in one of the text layouts
the loaders read (rotating), with tables whose code rows add up, projects with
all seven parts, 立项依据 citing a shared pool of policy documents in every
citation form, and performance indicators. ``manifest.json`` beside the files
lists each document with what a reader must find in it (see `expected`).
"""

from __future__ import annotations

import argparse
import itertools
import json
import random
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from benchmarks.layouts import LAYOUTS
from benchmarks.model import Department, Disclosure, build
from benchmarks.policies import policy_pool
from benchmarks.render import render

_DISTRICTS = ("普陀区", "静安区", "徐汇区", "长宁区", "杨浦区", "虹口区", "黄浦区", "闵行区")
_SYLLABLES = "万长甘宜石曹真桃宁兴安康华新明和平顺泰嘉丰德信福瑞庆阳春江海"
_STREET_TOPICS = ("社区环境整治和建设", "社区公共服务设施运行", "就业援助基地补贴", "社区文化活动", "平安社区建设",
                  "为老服务", "老旧小区综合治理", "垃圾分类推进")
_CENTER_FIELDS = (("数据", ("数据运营", "政务云基础设施服务", "数字化建设", "数据安全监测")),
                  ("科技", ("科学技术普及", "科技条件与服务", "创新平台运行", "科技成果转化")),
                  ("社会福利", ("福利院运行保障", "养老服务", "康复护理设备购置", "院舍维修改造")),
                  ("城市管理", ("城市管理精细化", "城管执法装备", "市容环境整治", "网格化管理运行")))
_BUREAU_FIELDS = (("文化和旅游", ("群众文化活动", "文物保护", "公共图书馆运行", "旅游推广")),
                  ("民政", ("社区救助帮扶", "社会组织管理", "养老服务体系建设", "婚姻登记服务")),
                  ("体育", ("全民健身", "体育场馆运行", "青少年体育培训", "体育赛事组织")))
_DIVISIONS = ("办公室", "财务科", "综合管理科", "党群工作办公室", "社区服务科", "平安办", "自治办", "管理办",
              "政策法规部", "技术发展部", "运维服务部", "综合业务部")


@dataclass(frozen=True)
class Generated:
    """One generated document: where it was written, and what it states."""

    path: Path
    disclosure: Disclosure


def departments(rng: random.Random, count: int) -> list[Department]:
    """``count`` departments with unique names: street offices, municipal centres, district bureaus."""
    names = ("".join(p) for p in itertools.chain(itertools.permutations(_SYLLABLES, 2), itertools.permutations(_SYLLABLES, 3)))
    out: list[Department] = []
    for n in range(count):
        place = next(names)
        kind = n % 3
        district = _DISTRICTS[n % len(_DISTRICTS)]
        if kind == 0:
            name, short = f"上海市{district}人民政府{place}街道办事处", f"{place}街道"
            units = [name, f"上海市{district}{place}街道社区事务受理服务中心", f"上海市{district}{place}街道城市运行管理中心"]
            topics = rng.sample(_STREET_TOPICS, 4)
            dept = Department(name, short, district, units[: rng.randint(1, 3)], [], "2120101", "2101101", topics)
        elif kind == 1:
            field, topics = _CENTER_FIELDS[n % len(_CENTER_FIELDS)]
            name = f"上海市{place}{field}中心"
            dept = Department(name, f"{place}{field}中心", None, [name], [], "2010350", "2101102", list(topics))
        else:
            field, topics = _BUREAU_FIELDS[n % len(_BUREAU_FIELDS)]
            name = f"上海市{district}{place}{field}局"
            units = [name, f"上海市{district}{place}{field}事务中心"]
            dept = Department(name, f"{place}{field}局", district, units, [], "2010301", "2101101", list(topics))
        dept.divisions.extend(rng.sample(_DIVISIONS, rng.randint(3, 6)))
        dept.keeps_former_names = n % 20 == 7  # one department in 20
        out.append(dept)
    return out


def generate(documents: int, seed: int = 1, years: int = 5) -> Iterator[tuple[str, Disclosure]]:
    """(file name, disclosure) for ``documents`` documents: departments x years, layouts rotating."""
    rng = random.Random(seed)
    pool = policy_pool(rng)
    per_department = max(1, min(years, documents))
    depts = departments(rng, -(-documents // per_department))
    first_year = 2025 - per_department + 1
    for n in range(documents):
        dept = depts[n // per_department]
        year = first_year + n % per_department
        layout = LAYOUTS[n % len(LAYOUTS)]
        # Each document has its own stream, so one document does not depend on how many came before.
        doc_rng = random.Random(f"{seed}/{n}")
        disclosure = build(dept, year, layout, pool, doc_rng)
        yield f"d{n // per_department:04d}-{year}-{layout}.txt", disclosure


def expected(d: Disclosure) -> dict[str, object]:
    """What a reader must find in the document, as JSON-ready data (for the manifest)."""
    return {
        "department": d.department.name,
        "year": d.year,
        "layout": d.layout,
        "total": d.total,
        "projects": [
            {
                "name": f"{p.name}项目",
                "amount_wan": str(p.amount),
                "citations": [[c.kind, c.number, c.title] for item in p.basis for c in item.citations],
            }
            for p in d.projects
        ],
    }


def write(out: Path, documents: int, seed: int = 1, years: int = 5) -> list[Generated]:
    out.mkdir(parents=True, exist_ok=True)
    written: list[Generated] = []
    manifest = []
    for name, disclosure in generate(documents, seed, years):
        path = out / name
        path.write_text(render(disclosure), encoding="utf-8")
        written.append(Generated(path, disclosure))
        manifest.append({"file": name, **expected(disclosure)})
    (out / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
    return written


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.corpus", description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, required=True, help="number of documents to write")
    parser.add_argument("--out", type=Path, required=True, help="folder to write them to (created)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--years", type=int, default=5, help="years per department (M)")
    args = parser.parse_args(argv)
    if args.documents < 1:
        parser.error("--documents must be at least 1")
    written = write(args.out, args.documents, args.seed, args.years)
    size = sum(g.path.stat().st_size for g in written)
    print(f"wrote {len(written)} documents ({size / 1e6:.1f} MB) to {args.out}")


if __name__ == "__main__":
    main()
