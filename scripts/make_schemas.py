"""Write the bundled forms other than ita2565 from the item lists of ../shared/forms/README.md.

Run from the repository root: ``python scripts/make_schemas.py``. The files it writes are
the data (src/oitparse/schemas/*.json); this script only records how they were made:

* codes, titles, grouping and disputed wordings are the public sources' (forms README);
* requirement texts the sources do not give are carried over from the ITA 2565 form where
  the item is the same (years moved to the form's year), or written in the 2565 form's
  words where the item is new; each file's ``source`` says which;
* every year rule is read from the requirement wording by ``oitparse.schema.year_rule_of``.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from oitparse.schema import Schema, year_rule_of

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "oitparse" / "schemas"
BASE = json.loads((OUT / "ita2565.json").read_text(encoding="utf-8"))
B = {i["code"]: i for i in BASE["items"]}


def shift(text: str, by: int) -> str:
    """Years 2564/2565 of the 2565 wording moved by ``by`` (the act's 2560 stays)."""
    return re.sub(r"256[45]", lambda m: str(int(m.group(0)) + by), text)


def reqs_from(code: str, by: int) -> list[dict]:
    return [{"text": shift(r["text"], by), "elements": list(r["elements"])} for r in B[code]["requirements"]]


def req(*texts: str) -> list[dict]:
    return [{"text": t, "elements": []} for t in texts]


def dated(kind: str, y: int) -> str:
    return {
        "current": f"เป็นการดำเนินการในปี พ.ศ. {y}",
        "plan": f"เป็นแผนที่มีระยะเวลาบังคับใช้ในปี พ.ศ. {y}",
        "covers": f"เป็นแผนที่มีระยะเวลาบังคับใช้ครอบคลุมปี พ.ศ. {y}",
        "report": f"เป็นรายงานผลของปี พ.ศ. {y - 1}",
        "half": f"มีข้อมูลครอบคลุมในระยะเวลา 6 เดือนแรกของปี พ.ศ. {y}",
        "force": f"เป็นข้อมูลที่ยังใช้บังคับในปี พ.ศ. {y}",
    }[kind]


def finish(data: dict) -> dict:
    y = data["assessment_year"]
    for item in data["items"]:
        texts = [r["text"] for r in item["requirements"]] + [e for r in item["requirements"] for e in r["elements"]]
        item["year_rule"] = year_rule_of(texts, y)
        item.setdefault("aliases", [])
        item.setdefault("confidence", "solid")
    Schema.model_validate(data)
    return data


def write(data: dict) -> None:
    data = finish(data)
    path = OUT / f"{data['name']}.json"
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(path.relative_to(ROOT), len(data["items"]), "items")


def title_of(y: int, extra: str = "") -> str:
    return (
        "แบบวัดการเปิดเผยข้อมูลสาธารณะ (Open Data Integrity and Transparency Assessment : OIT) "
        f"{extra}ประจำปีงบประมาณ พ.ศ. {y}"
    )


def tree(subs: list[tuple[str, str, list[str]]]) -> list[dict]:
    """[(indicator, sub-indicator, topics)] -> indicators."""
    out: list[dict] = []
    for ind, sub, topics in subs:
        if not out or out[-1]["name"] != ind:
            out.append({"name": ind, "sub_indicators": []})
        out[-1]["sub_indicators"].append({"name": sub, "topics": topics})
    return out


OPEN, PREVENT = "การเปิดเผยข้อมูล", "การป้องกันการทุจริต"


# ---------------------------------------------------------------- ITA 2564
def ita2564() -> dict:
    data = json.loads(json.dumps(BASE))
    data.update(
        name="ita2564",
        title=title_of(2564),
        assessment_year=2564,
        years=[2564],
        source=(
            "Codes, titles and grouping: a local-government CMS's install SQL and a school page (O1-O4), "
            "solid; the form differs from ITA 2565 in the titles of o29-o31, o34, o36, o37 and the topic of "
            "o29-o31. Requirement texts are ITA 2565's with the years moved back one year (o34's written "
            "for oitparse in the 2565 form's words); year rules are read from that wording."
        ),
    )
    old_topic = "การจัดการเรื่องร้องเรียนการทุจริตและประพฤติมิชอบ"
    new_topic = "การจัดการเรื่องร้องเรียนการทุจริต"
    for ind in data["indicators"]:
        for sub in ind["sub_indicators"]:
            sub["topics"] = [new_topic if t == old_topic else t for t in sub["topics"]]
    titles = {
        "o29": "แนวปฏิบัติการจัดการเรื่องร้องเรียนการทุจริต",
        "o30": "ช่องทางแจ้งเรื่องร้องเรียนการทุจริต",
        "o31": "ข้อมูลเชิงสถิติเรื่องร้องเรียนการทุจริตประจำปี",
        "o34": "เจตจำนงสุจริตของผู้บริหาร",
        "o36": "การประเมินความเสี่ยงการทุจริตประจำปี",
        "o37": "การดำเนินการเพื่อจัดการความเสี่ยงการทุจริต",
    }
    for item in data["items"]:
        item["requirements"] = reqs_from(item["code"], -1)
        item["aliases"] = []
        if item["topic"] == old_topic:
            item["topic"] = new_topic
        if item["code"] in titles:
            item["title"] = titles[item["code"]]
    data["items"][33]["requirements"] = req(
        "แสดงเจตจำนงของผู้บริหารสูงสุดที่จะบริหารงานอย่างซื่อสัตย์สุจริต โปร่งใส และพร้อมรับผิด",
        "ดำเนินการโดยผู้บริหารสูงสุดคนปัจจุบัน",
        "เป็นการดำเนินการในปี พ.ศ. 2564",
    )
    data["items"][7]["aliases"] = ["Q & A"]
    data["items"][16]["aliases"] = ["E–Service", "e-Service", "E-service"]
    data["items"][21]["aliases"] = ["ประกาศต่าง ๆ เกี่ยวกับการจัดซื้อจัดจ้างหรือการจัดหาพัสดุ"]
    return data


# ---------------------------------------------------------------- ITA 2566
ITA2566 = [  # code, title, sub-indicator, requirements (a 2565 code to carry over, or texts)
    (1, "โครงสร้าง", "o1"), (2, "ข้อมูลผู้บริหาร", "o2"), (3, "อำนาจหน้าที่", "o3"),
    (4, "แผนยุทธศาสตร์หรือแผนพัฒนาหน่วยงาน", "o4"), (5, "ข้อมูลการติดต่อ", "o5"), (6, "กฎหมายที่เกี่ยวข้อง", "o6"),
    (7, "ข่าวประชาสัมพันธ์", "o7"), (8, "Q&A", "o8"), (9, "Social Network", "o9"),
    (10, "นโยบายคุ้มครองข้อมูลส่วนบุคคล", ["แสดงนโยบายคุ้มครองข้อมูลส่วนบุคคลของหน่วยงาน",
                                          "สามารถเข้าถึงหรือเชื่อมโยงไปยังนโยบายข้างต้นได้จากเว็บไซต์หลักของหน่วยงาน"]),
    (11, "แผนดำเนินงานและการใช้งบประมาณประจำปี", ["แสดงแผนการดำเนินภารกิจและแผนการใช้จ่ายงบประมาณของหน่วยงานที่มีระยะ 1 ปี",
                                                  "มีข้อมูลรายละเอียดของแผนฯ อย่างน้อยประกอบด้วย โครงการหรือกิจกรรม งบประมาณที่ใช้ ระยะเวลาในการดำเนินการ",
                                                  "plan"]),
    (12, "รายงานการกำกับติดตามการดำเนินงานและการใช้งบประมาณประจำปี รอบ 6 เดือน", "o11"),
    (13, "รายงานผลการดำเนินงานประจำปี", "o12"), (14, "คู่มือหรือมาตรฐานการปฏิบัติงาน", "o13"),
    (15, "คู่มือหรือมาตรฐานการให้บริการ", "o14"), (16, "ข้อมูลเชิงสถิติการให้บริการ", "o15"),
    (17, "รายงานผลการสำรวจความพึงพอใจการให้บริการ", "o16"), (18, "E-Service", "o17"),
    (19, "แผนการจัดซื้อจัดจ้างหรือแผนการจัดหาพัสดุ", "o21"),
    (20, "ประกาศต่าง ๆ เกี่ยวกับการจัดซื้อจัดจ้างหรือการจัดหาพัสดุ", "o22"),
    (21, "สรุปผลการจัดซื้อจัดจ้างหรือการจัดหาพัสดุรายเดือน", "o23"),
    (22, "รายงานผลการจัดซื้อจัดจ้างหรือการจัดหาพัสดุประจำปี", "o24"),
    (23, "นโยบายหรือแผนการบริหารทรัพยากรบุคคล", "o25"),
    (24, "การดำเนินการตามนโยบายหรือแผนการบริหารทรัพยากรบุคคล", "o26"),
    (25, "หลักเกณฑ์การบริหารและพัฒนาทรัพยากรบุคคล", "o27"),
    (26, "รายงานผลการบริหารและพัฒนาทรัพยากรบุคคลประจำปี", "o28"),
    (27, "แนวปฏิบัติการจัดการเรื่องร้องเรียนการทุจริตและประพฤติมิชอบ", "o29"),
    (28, "ช่องทางแจ้งเรื่องร้องเรียนการทุจริตและประพฤติมิชอบ", "o30"),
    (29, "ข้อมูลเชิงสถิติเรื่องร้องเรียนการทุจริตและประพฤติมิชอบ", "o31"),
    (30, "การเปิดโอกาสให้เกิดการมีส่วนร่วม", "o33"),
    (31, "ประกาศเจตนารมณ์นโยบาย No Gift Policy จากการปฏิบัติหน้าที่",
     ["แสดงประกาศเจตนารมณ์นโยบายไม่รับของขวัญและของกำนัลทุกชนิดจากการปฏิบัติหน้าที่ (No Gift Policy) ของผู้บริหารสูงสุดคนปัจจุบัน",
      "current"]),
    (32, "การสร้างวัฒนธรรม No Gift Policy",
     ["แสดงการดำเนินการหรือกิจกรรมเพื่อสร้างวัฒนธรรมไม่รับของขวัญ (No Gift Policy) ในหน่วยงาน", "current"]),
    (33, "รายงานผลตามนโยบาย No Gift Policy",
     ["แสดงรายงานผลการดำเนินการตามนโยบายไม่รับของขวัญ (No Gift Policy)",
      "มีข้อมูลรายละเอียด อย่างน้อยประกอบด้วย ผลการดำเนินการ ปัญหา อุปสรรค และข้อเสนอแนะ", "current"]),
    (34, "การประเมินความเสี่ยงการทุจริตและประพฤติมิชอบประจำปี", "o36"),
    (35, "การดำเนินการเพื่อจัดการความเสี่ยงการทุจริตและประพฤติมิชอบ", "o37"),
    (36, "แผนปฏิบัติการป้องกันการทุจริต", "o39"),
    (37, "รายงานการกำกับติดตามการดำเนินการป้องกันการทุจริตประจำปี รอบ 6 เดือน", "o40"),
    (38, "รายงานผลการดำเนินการป้องกันการทุจริตประจำปี", "o41"),
    (39, "ประมวลจริยธรรมสำหรับเจ้าหน้าที่ของรัฐ",
     ["แสดงประมวลจริยธรรมสำหรับเจ้าหน้าที่ของรัฐที่หน่วยงานใช้", "force"]),
    (40, "การขับเคลื่อนจริยธรรม",
     ["แสดงการดำเนินการหรือกิจกรรมเพื่อขับเคลื่อนจริยธรรมตามประมวลจริยธรรมของหน่วยงาน", "current"]),
    (41, "การประเมินจริยธรรมเจ้าหน้าที่ของรัฐ",
     ["แสดงผลการประเมินการรับรู้และการปฏิบัติตามประมวลจริยธรรมของเจ้าหน้าที่ของรัฐ", "current"]),
    (42, "มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน", "o42"),
    (43, "การดำเนินการตามมาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน", "o43"),
]
SUBS2566 = [
    (OPEN, "ข้อมูลพื้นฐาน", 1, 10), (OPEN, "การบริหารงาน", 11, 18),
    (OPEN, "การจัดซื้อจัดจ้างหรือการจัดหาพัสดุ", 19, 22), (OPEN, "การบริหารและพัฒนาทรัพยากรบุคคล", 23, 26),
    (OPEN, "การส่งเสริมความโปร่งใส", 27, 30), (PREVENT, "การดำเนินการเพื่อป้องกันการทุจริต", 31, 41),
    (PREVENT, "มาตรการภายในเพื่อป้องกันการทุจริต", 42, 43),
]
KINDS = {"current", "plan", "covers", "report", "half", "force"}


def _requirements(spec, y: int) -> list[dict]:
    if isinstance(spec, str):
        return reqs_from(spec, y - 2565)
    return req(*[dated(t, y) if t in KINDS else t for t in spec])


def _items(rows, subs, y: int, prefix: str = "o") -> list[dict]:
    # "ตามข้อ o39" in a carried-over requirement names the item by its number in this form.
    renumber = {row[2]: f"{prefix}{row[0]}" for row in rows if isinstance(row[2], str)}
    renumber.update({"o10": renumber.get("o10", renumber.get("o18", "o10")), "o18": renumber.get("o18", renumber.get("o10", "o18"))})
    items = []
    for row in rows:
        n, title, spec = row[:3]
        extra = row[3] if len(row) > 3 else {}
        topic = next(name for _, name, lo, hi in subs if lo <= n <= hi)
        reqs = _requirements(spec, y)
        for r in reqs:
            r["text"] = re.sub(r"(?<=ข้อ )[oO](\d+)", lambda m: renumber.get(f"o{m.group(1)}", m.group(0)), r["text"])
        items.append({"code": f"{prefix}{n}", "title": title, "topic": topic, "requirements": reqs, **extra})
    return items


def ita2566() -> dict:
    data = {
        "name": "ita2566",
        "title": title_of(2566),
        "assessment_year": 2566,
        "years": [2566],
        "family": "general",
        "source": (
            "Codes and titles: a CMS admin form and a school site, confirmed for O19-O22 and O31-O33 by agency "
            "pages (solid). Sub-indicator boundaries other than 9.3 inferred from the 2565 structure; each "
            "sub-indicator is its own topic. Requirement texts: ITA 2565's for the items the form kept (years "
            "moved to 2566), written for oitparse in the 2565 form's words for O10, O11, O31-O33 and O39-O41; "
            "year rules are read from that wording."
        ),
        "code_prefix": "o",
        "indicators": tree([(ind, sub, [sub]) for ind, sub, _, _ in SUBS2566]),
        "items": _items(ITA2566, SUBS2566, 2566),
    }
    aliases = {8: ["Q & A"], 18: ["E–Service", "e-Service", "E-service"],
               20: ["ประกาศต่างๆ เกี่ยวกับการจัดซื้อจัดจ้างหรือการจัดหาพัสดุ"]}
    for item in data["items"]:
        item["aliases"] = aliases.get(int(item["code"][1:]), [])
    # O12 follows the plan of O11 (2565's o10 and o18 merged)
    for r in data["items"][11]["requirements"]:
        r["text"] = r["text"].replace("ในข้อ o10", "ในข้อ o11")
    return data


# ---------------------------------------------------------------- OVEC colleges, 2569 (23 items)
OVEC2569 = [
    (1, "โครงสร้างและอำนาจหน้าที่", ["แสดงแผนผังโครงสร้างการบริหารงานของสถานศึกษา และหน้าที่และอำนาจของสถานศึกษาตามที่กฎหมายกำหนด"]),
    (2, "ข้อมูลผู้บริหารสถานศึกษา", ["แสดงข้อมูลของผู้บริหารสถานศึกษา อย่างน้อยประกอบด้วย ชื่อ-นามสกุล ตำแหน่ง รูปถ่าย และช่องทางการติดต่อ"]),
    (3, "แผนพัฒนาสถานศึกษา", ["แสดงแผนพัฒนาสถานศึกษาที่มีระยะมากกว่า 1 ปี", "covers"]),
    (4, "ข้อมูลการติดต่อ", "o5"),
    (5, "กฎหมายที่เกี่ยวข้อง", ["แสดงกฎหมายที่เกี่ยวข้องกับการดำเนินงานหรือการปฏิบัติงานของสถานศึกษา"]),
    (6, "แผนปฏิบัติราชการและแผนการใช้จ่ายงบประมาณประจำปี", ["แสดงแผนปฏิบัติราชการและแผนการใช้จ่ายงบประมาณของสถานศึกษาที่มีระยะ 1 ปี", "plan"]),
    (7, "รายงานผลการดำเนินงานของสถานศึกษาประจำปี", ["แสดงผลการดำเนินงานตามแผนปฏิบัติราชการประจำปีของสถานศึกษา", "report"]),
    (8, "รายงานผลการประเมินตนเอง (SAR) ของสถานศึกษาประจำปี", ["แสดงรายงานผลการประเมินตนเองของสถานศึกษา (Self Assessment Report)", "report"]),
    (9, "ข่าวประชาสัมพันธ์", ["แสดงข้อมูลข่าวสารที่เกี่ยวข้องกับการดำเนินงานของสถานศึกษา", "current"]),
    (10, "ประกาศต่าง ๆ เกี่ยวกับการจัดซื้อจัดจ้างหรือการจัดหาพัสดุ", "o22",
     {"aliases": ["ประกาศต่างๆ เกี่ยวกับการจัดซื้อจัดจ้างหรือการจัดหาพัสดุ"]}),
    (11, "รายงานผลการจัดซื้อจัดจ้างหรือการจัดหาพัสดุประจำปี", "o24"),
    (12, "คู่มือหรือขั้นตอนการปฏิบัติงานภายในสถานศึกษา", ["แสดงคู่มือหรือขั้นตอนการปฏิบัติงานที่บุคลากรของสถานศึกษาใช้ยึดถือปฏิบัติ"]),
    (13, "คู่มือหรือขั้นตอนการให้บริการ", ["แสดงคู่มือหรือขั้นตอนการให้บริการที่ผู้รับบริการใช้เป็นข้อมูลในการขอรับบริการจากสถานศึกษา"]),
    (14, "E-Service", "o17", {"aliases": ["E–Service", "e-Service", "E-service"]}),
    (15, "ข้อมูลเชิงสถิติและความพึงพอใจต่อการให้บริการ", ["แสดงข้อมูลสถิติการให้บริการและผลสำรวจความพึงพอใจการให้บริการของสถานศึกษา", "current"]),
    (16, "การบริหารและพัฒนาทรัพยากรบุคคล", ["แสดงการดำเนินการบริหารและพัฒนาทรัพยากรบุคคลของสถานศึกษา", "current"]),
    (17, "ประมวลจริยธรรมและการขับเคลื่อนจริยธรรมของข้าราชการครูและบุคลากรทางการศึกษา",
     ["แสดงประมวลจริยธรรมและการดำเนินการเพื่อขับเคลื่อนจริยธรรมของข้าราชการครูและบุคลากรทางการศึกษา", "current"]),
    (18, "แนวทางปฏิบัติการจัดการร้องเรียนการทุจริตและประพฤติมิชอบ",
     ["แสดงคู่มือหรือแนวทางการดำเนินการต่อเรื่องร้องเรียนการทุจริตและประพฤติมิชอบ และช่องทางแจ้งเรื่องร้องเรียนของสถานศึกษา"],
     {"aliases": ["แนวปฏิบัติการจัดการเรื่องร้องเรียนการทุจริตและประพฤติมิชอบ"], "confidence": "disputed"}),
    (19, "ข้อมูลเชิงสถิติเรื่องร้องเรียนการทุจริตและประพฤติมิชอบ",
     ["แสดงข้อมูลสถิติเรื่องร้องเรียนการทุจริตและประพฤติมิชอบของสถานศึกษา", "current"]),
    (20, "ประกาศเจตนารมณ์นโยบายไม่รับของขวัญ (No Gift Policy)",
     ["แสดงประกาศเจตนารมณ์นโยบายไม่รับของขวัญและของกำนัลทุกชนิดจากการปฏิบัติหน้าที่ (No Gift Policy) ของผู้บริหารสถานศึกษา", "current"],
     {"aliases": ["การขับเคลื่อนนโยบาย No Gift Policy"], "confidence": "disputed"}),
    (21, "การประเมินผลควบคุมภายในของสถานศึกษา",
     ["แสดงผลการประเมินการควบคุมภายในหรือการประเมินความเสี่ยงการทุจริตของสถานศึกษา", "current"],
     {"aliases": ["การประเมินความเสี่ยงการทุจริต"], "confidence": "disputed"}),
    (22, "การเสริมสร้างวัฒนธรรมองค์กรให้มีความซื่อสัตย์สุจริต",
     ["แสดงการดำเนินการหรือกิจกรรมเสริมสร้างวัฒนธรรมองค์กรหรือแผนปฏิบัติการป้องกันการทุจริตของสถานศึกษา", "current"],
     {"aliases": ["แผนปฏิบัติการป้องกันการทุจริตประจำปี"], "confidence": "disputed"}),
    (23, "มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในสถานศึกษา",
     ["แสดงมาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในสถานศึกษา และการนำมาตรการไปสู่การปฏิบัติ", "current"]),
]
SUBS2569 = [
    (OPEN, "ข้อมูลพื้นฐาน", 1, 5), (OPEN, "การบริหารงาน ปฏิสัมพันธ์ข้อมูล และการดำเนินงาน", 6, 9),
    (OPEN, "การจัดซื้อจัดจ้างหรือการจัดหาพัสดุ", 10, 11), (OPEN, "การปฏิบัติหน้าที่", 12, 15),
    (OPEN, "การบริหารและพัฒนาทรัพยากรบุคคล", 16, 17),
    (PREVENT, "การจัดการเรื่องร้องเรียนการทุจริตและประพฤติมิชอบ", 18, 19),
    (PREVENT, "มาตรการภายในเพื่อป้องกันการทุจริต", 20, 23),
]


def ovec2569() -> dict:
    return {
        "name": "ovec2569",
        "title": title_of(2569, "ของสถานศึกษาสังกัดสำนักงานคณะกรรมการการอาชีวศึกษา "),
        "assessment_year": 2569,
        "years": [2569],
        "family": "OVEC vocational colleges",
        "source": (
            "Codes and grouping (9.1-10.2, O1-O23): two vocational colleges' ITA 2569 pages, solid. Titles of "
            "O18 and O20-O22 are disputed: the second college's wordings are aliases (accepted alternatives), "
            "and its heading of 10.2 (การป้องกันการทุจริต) is the indicator's name. Requirement texts are "
            "not published with the lists: O4, O10, O11 and O14 carry the ITA 2565 wording (years moved to "
            "2569), the others are written for oitparse in the 2565 form's words; year rules are read from "
            "that wording."
        ),
        "code_prefix": "o",
        "indicators": tree([(ind, sub, [sub]) for ind, sub, _, _ in SUBS2569]),
        "items": _items(OVEC2569, SUBS2569, 2569),
    }


# ---------------------------------------------------------------- OVEC colleges, up to 2568 (37 items)
OVEC2568 = [
    (1, "โครงสร้าง", "o1"), (2, "ข้อมูลผู้บริหาร", "o2"), (3, "อำนาจหน้าที่", "o3"),
    (4, "แผนพัฒนาสถานศึกษา", ["แสดงแผนพัฒนาสถานศึกษาที่มีระยะมากกว่า 1 ปี", "covers"]),
    (5, "ข้อมูลการติดต่อ", "o5"), (6, "กฎหมายที่เกี่ยวข้อง", "o6"),
    (7, "ข่าวประชาสัมพันธ์", "o7"), (8, "Q&A", "o8", {"aliases": ["Q & A"]}), (9, "Social Network", "o9"),
    (10, "แผนดำเนินงานประจำปี", "o10"), (11, "รายงานผลการดำเนินงานประจำปี", "o12"),
    (12, "คู่มือหรือมาตรฐานการปฏิบัติงาน", "o13"), (13, "คู่มือหรือมาตรฐานการให้บริการ", "o14"),
    (14, "ข้อมูลเชิงสถิติการให้บริการ", "o15"), (15, "รายงานผลการสำรวจความพึงพอใจการให้บริการ", "o16"),
    (16, "E-Service", "o17", {"aliases": ["E–Service", "e-Service", "E-service"]}),
    (17, "แผนการใช้จ่ายงบประมาณประจำปี", "o18"),
    (18, "ผลการใช้จ่ายงบประมาณประจำปี", "o20"),
    (19, "แผนการจัดซื้อจัดจ้างหรือแผนการจัดหาพัสดุ", "o21"),
    (20, "ประกาศต่าง ๆ เกี่ยวกับการจัดซื้อจัดจ้าง", "o22",
     {"aliases": ["ประกาศต่างๆ เกี่ยวกับการจัดซื้อจัดจ้าง", "ประกาศต่าง ๆ เกี่ยวกับการจัดซื้อจัดจ้างหรือการจัดหาพัสดุ"]}),
    (21, "สรุปผลการจัดซื้อจัดจ้างหรือจัดหาพัสดุรายเดือน", "o23"),
    (22, "รายงานผลการจัดซื้อจัดจ้างหรือการจัดหาพัสดุประจำปี", "o24", {"confidence": "partial"}),
    (23, "การดำเนินโครงการ/กิจกรรมที่แสดงถึงการพัฒนาทรัพยากรบุคคล",
     ["แสดงการดำเนินโครงการหรือกิจกรรมที่แสดงถึงการพัฒนาทรัพยากรบุคคลของสถานศึกษา", "current"]),
    (24, "หลักเกณฑ์การบริหารและพัฒนาทรัพยากรบุคคล", "o27"),
    (25, "รายงานผลการดำเนินโครงการ/กิจกรรมที่แสดงถึงการพัฒนาทรัพยากรบุคคล",
     ["แสดงผลการดำเนินโครงการหรือกิจกรรมที่แสดงถึงการพัฒนาทรัพยากรบุคคลของสถานศึกษา", "report"]),
    (26, "แนวทางปฏิบัติการจัดการร้องเรียนการทุจริตและประพฤติมิชอบ", "o29",
     {"aliases": ["แนวปฏิบัติการจัดการเรื่องร้องเรียนการทุจริตและประพฤติมิชอบ"]}),
    (27, "ช่องทางแจ้งเรื่องร้องเรียนการทุจริตและประพฤติมิชอบ", "o30"),
    (28, "ข้อมูลเชิงสถิติเรื่องร้องเรียนการทุจริตและประพฤติมิชอบ", "o31"),
    (29, "การเปิดโอกาสให้เกิดการมีส่วนร่วม", "o33"),
    (30, "นโยบายไม่รับของขวัญ (No Gift Policy)", "o34"),
    (31, "การมีส่วนร่วมของผู้บริหารสถานศึกษา", "o35"),
    (32, "การประเมินผลควบคุมภายใน", ["แสดงผลการประเมินการควบคุมภายในของสถานศึกษา", "current"]),
    (33, "การเสริมสร้างวัฒนธรรมองค์กร", "o38"),
    (34, "โครงการ/กิจกรรมที่เกี่ยวข้องกับการป้องกันการทุจริต",
     ["แสดงโครงการหรือกิจกรรมที่เกี่ยวข้องกับการป้องกันการทุจริตของสถานศึกษา", "current"]),
    (35, "รายงานผลการดำเนินโครงการ/กิจกรรมที่เกี่ยวกับการป้องกันการทุจริตประจำปี",
     ["แสดงผลการดำเนินโครงการหรือกิจกรรมที่เกี่ยวกับการป้องกันการทุจริตของสถานศึกษา", "report"]),
    (36, "มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในสถานศึกษา", "o42"),
    (37, "การดำเนินการตามมาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในสถานศึกษา", "o43"),
]
SUBS2568 = [
    (OPEN, "ข้อมูลพื้นฐาน", 1, 6), (OPEN, "การบริหารงาน", 7, 16), (OPEN, "การบริหารเงินงบประมาณ", 17, 22),
    (OPEN, "การบริหารและพัฒนาทรัพยากรบุคคล", 23, 25), (OPEN, "การส่งเสริมความโปร่งใส", 26, 29),
    (PREVENT, "การดำเนินการเพื่อป้องกันการทุจริต", 30, 35), (PREVENT, "มาตรการภายในเพื่อป้องกันการทุจริต", 36, 37),
]


def ovec2568() -> dict:
    return {
        "name": "ovec2568",
        "title": title_of(2568, "ของสถานศึกษาสังกัดสำนักงานคณะกรรมการการอาชีวศึกษา "),
        "assessment_year": 2568,
        "years": [2566, 2567, 2568],
        "family": "OVEC vocational colleges",
        "source": (
            "Codes and grouping (O1-O37): two vocational colleges' pages, solid on structure; titles are "
            "abbreviated as colleges write them, O22 inferred (partial). Sub-indicator names follow the "
            "ITA 2565 structure (inferred); each sub-indicator is its own topic. Requirement texts: ITA 2565's "
            "for the items the form shares (years moved to 2568), written for oitparse in the 2565 form's "
            "words for the others; year rules are read from that wording."
        ),
        "code_prefix": "o",
        "indicators": tree([(ind, sub, [sub]) for ind, sub, _, _ in SUBS2568]),
        "items": _items(OVEC2568, SUBS2568, 2568),
    }


if __name__ == "__main__":
    for make in (ita2564, ita2566, ovec2568, ovec2569):
        write(make())
