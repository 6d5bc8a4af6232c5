#!/usr/bin/env python3
"""Checks data/cities.csv (the bundled list of city seats) against what else we know.

  1. every row is well formed: five columns, a 6-digit province_code present in
     data/provinces.csv, lat/lon numbers with 2-3 decimals;
  2. no duplicate name_zh within a province and no two rows at the same point;
  3. every row lies inside a rough bounding box of its province (written below from
     general geographic knowledge, generous by a few tenths of a degree);
  4. every city that also appears in data/zones.csv (column `city`) lies within
     40 km of the zone's point; farther ones are flagged for a person to look at
     (a zone may legitimately lie outside the city centre: see ZONE_OUTSIDE_CENTRE).

Exit status 1 when a check fails; flagged zone distances that are explained in
ZONE_OUTSIDE_CENTRE are reported but do not fail. Python 3 standard library only.
Usage: scripts/check-cities.py [repository root]
"""
import csv
import math
import re
import sys
from pathlib import Path

ROOT = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parent.parent
EARTH_RADIUS_KM = 6371.0088
ZONE_LIMIT_KM = 40.0

# Rough bounding boxes: province_code -> (lat_min, lat_max, lon_min, lon_max).
BOXES = {
    "110000": (39.4, 41.1, 115.4, 117.5),   # Beijing
    "120000": (38.5, 40.3, 116.7, 118.1),   # Tianjin
    "130000": (36.0, 42.7, 113.4, 119.9),   # Hebei
    "140000": (34.5, 40.8, 110.2, 114.6),   # Shanxi
    "150000": (37.4, 53.4, 97.1, 126.1),    # Inner Mongolia
    "210000": (38.7, 43.5, 118.8, 125.8),   # Liaoning
    "220000": (40.8, 46.3, 121.6, 131.4),   # Jilin
    "230000": (43.4, 53.6, 121.1, 135.1),   # Heilongjiang (Jiagedaqi included)
    "310000": (30.6, 31.9, 120.8, 122.2),   # Shanghai
    "320000": (30.7, 35.2, 116.3, 121.9),   # Jiangsu
    "330000": (27.0, 31.2, 118.0, 123.2),   # Zhejiang
    "340000": (29.4, 34.7, 114.8, 119.7),   # Anhui
    "350000": (23.5, 28.4, 115.8, 120.8),   # Fujian
    "360000": (24.4, 30.1, 113.5, 118.5),   # Jiangxi
    "370000": (34.3, 38.4, 114.7, 122.8),   # Shandong
    "410000": (31.3, 36.4, 110.3, 116.7),   # Henan
    "420000": (29.0, 33.3, 108.3, 116.2),   # Hubei
    "430000": (24.6, 30.2, 108.7, 114.3),   # Hunan
    "440000": (20.2, 25.6, 109.6, 117.4),   # Guangdong
    "450000": (20.9, 26.4, 104.4, 112.1),   # Guangxi
    "460000": (3.5, 20.2, 108.6, 117.9),    # Hainan, with the South China Sea islands
    "500000": (28.1, 32.3, 105.2, 110.2),   # Chongqing
    "510000": (26.0, 34.4, 97.3, 108.6),    # Sichuan
    "520000": (24.6, 29.3, 103.6, 109.6),   # Guizhou
    "530000": (21.1, 29.3, 97.5, 106.2),    # Yunnan
    "540000": (26.8, 36.6, 78.3, 99.2),     # Xizang
    "610000": (31.7, 39.6, 105.4, 111.3),   # Shaanxi
    "620000": (32.5, 42.8, 92.3, 108.8),    # Gansu
    "630000": (31.5, 39.3, 89.4, 103.1),    # Qinghai
    "640000": (35.2, 39.4, 104.2, 107.7),   # Ningxia
    "650000": (34.3, 49.2, 73.4, 96.4),     # Xinjiang
    "710000": (21.8, 25.4, 119.3, 122.1),   # Taiwan (with Penghu)
    "810000": (22.1, 22.6, 113.8, 114.5),   # Hong Kong
    "820000": (22.1, 22.3, 113.5, 113.65),  # Macao
}

# Zones known to lie away from their city's seat, with the reason; flagged, not failed.
ZONE_OUTSIDE_CENTRE = {
    "燕郊高新区": "in Sanhe (三河市), a county-level city of Langfang north of Beijing's Tongzhou",
    "江阴高新区": "in Jiangyin, a county-level city of Wuxi on the Yangtze",
    "常熟高新区": "in Changshu, a county-level city of Suzhou",
    "萧山临江高新区": "on the Qiantang river east of Xiaoshan, at the far east of Hangzhou",
    "九江共青城高新区": "in Gongqingcheng, a county-level city south of Jiujiang",
    "宜春丰城高新区": "in Fengcheng, a county-level city of Yichun near Nanchang",
    "莱芜高新区": "in Laiwu, a prefecture-level city merged into Jinan in 2019",
    "肇庆高新区": "at Dawang (大旺) in Sihui, east of the Zhaoqing seat",
    "永川高新区": "in Yongchuan, a district in western Chongqing",
    "荣昌高新区": "in Rongchang, a district in far western Chongqing",
    "杨凌示范区": "at Yangling, west of Xianyang, administered with it",
}

NUMBER = re.compile(r"^-?\d{1,3}\.\d{2,3}$")


def km(lat1, lon1, lat2, lon2):
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(min(1.0, h)))


def read(name):
    with open(ROOT / "data" / name, encoding="utf-8", newline="") as f:
        text = f.read()
    if text.startswith("\ufeff"):
        raise SystemExit(f"data/{name}: starts with a byte-order mark")
    if "\r" in text:
        raise SystemExit(f"data/{name}: has CR line ends")
    return list(csv.DictReader(text.splitlines()))


def main():
    problems, notes = [], []
    provinces = {r["code"]: r["name_zh"] for r in read("provinces.csv")}
    missing_boxes = set(provinces) - set(BOXES)
    if missing_boxes:
        problems.append(f"no bounding box for provinces {sorted(missing_boxes)}")

    rows = read("cities.csv")
    cities = {}  # name_zh -> (lat, lon)
    seen_names, seen_points = {}, {}
    for i, r in enumerate(rows, start=2):
        where = f"data/cities.csv line {i} ({r.get('name_zh')})"
        if list(r.keys()) != ["name_zh", "name_en", "province_code", "lat", "lon"] or None in r.values():
            problems.append(f"{where}: wrong columns")
            continue
        if not r["name_zh"] or not r["name_en"]:
            problems.append(f"{where}: empty name")
        code = r["province_code"]
        if code not in provinces:
            problems.append(f"{where}: province_code {code} is not in data/provinces.csv")
            continue
        if not NUMBER.match(r["lat"]) or not NUMBER.match(r["lon"]):
            problems.append(f"{where}: lat/lon '{r['lat']}', '{r['lon']}' are not numbers with 2-3 decimals")
            continue
        lat, lon = float(r["lat"]), float(r["lon"])
        lat0, lat1, lon0, lon1 = BOXES.get(code, (-90, 90, -180, 180))
        if not (lat0 <= lat <= lat1 and lon0 <= lon <= lon1):
            problems.append(f"{where}: ({lat}, {lon}) is outside the box of {provinces[code]} "
                            f"({lat0}..{lat1}, {lon0}..{lon1})")
        key = (code, r["name_zh"])
        if key in seen_names:
            problems.append(f"{where}: duplicate of line {seen_names[key]}")
        seen_names[key] = i
        if (lat, lon) in seen_points:
            problems.append(f"{where}: same point as line {seen_points[(lat, lon)]}")
        seen_points[(lat, lon)] = i
        if r["name_zh"] in cities:
            problems.append(f"{where}: name_zh {r['name_zh']} also used in another province")
        cities[r["name_zh"]] = (lat, lon)

    for code, name in provinces.items():
        if not any(r["province_code"] == code for r in rows):
            problems.append(f"province {code} {name} has no city")

    not_listed = set()
    for z in read("zones.csv"):
        city = z["city"]
        if city not in cities:
            not_listed.add(city)
            continue
        if not z["lat"] or not z["lon"]:
            continue
        d = km(float(z["lat"]), float(z["lon"]), *cities[city])
        if d > ZONE_LIMIT_KM:
            reason = ZONE_OUTSIDE_CENTRE.get(z["name"])
            if reason:
                notes.append(f"{z['name']} is {d:.0f} km from {city}'s seat: {reason}")
            else:
                problems.append(f"zone {z['name']} ({z['lat']}, {z['lon']}) is {d:.0f} km from "
                                f"{city} ({cities[city][0]}, {cities[city][1]})")
    if not_listed:
        notes.append("zone cities that are not prefecture-level and so not in cities.csv: "
                     + ", ".join(sorted(not_listed)))

    for n in notes:
        print("note:", n)
    for p in problems:
        print("FAIL:", p)
    print(f"{len(rows)} cities, {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
