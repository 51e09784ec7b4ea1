"""Relevance judgments on the corpus in corpus.py: (kind, query, {ref: grade}).

Grades: 3 — exactly what the engineer asked for; 2 — clearly relevant; 1 — marginally relevant.
Anything not listed is judged not relevant. Judged by reading the corpus as an engineer would,
not by looking at what an engine returns.
"""

AIR_COMPRESSOR = {"J1": 3, "J2": 3, "J18": 3, "J3": 2, "S1": 2, "P1": 2, "P11": 2, "J24": 1}
TRANSFORMER = {"J5": 3, "J19": 3, "S2": 2, "P2": 2}
MODEL_WORKER = {"P1": 3, "P5": 3, "P6": 2, "S1": 2, "S5": 2}

QUERIES = [
    # Whole words as they are written in the corpus
    ("whole", "空压机", AIR_COMPRESSOR),
    ("whole", "液压支架", {"J4": 3, "P1": 2}),
    ("whole", "继电保护", {"J6": 3, "S2": 2, "P2": 2}),
    ("whole", "接触网", {"J7": 3, "J20": 3, "S3": 2, "P3": 2}),
    ("whole", "道岔", {"J8": 3, "P10": 2}),
    ("whole", "离心泵", {"J10": 3, "P9": 2}),
    ("whole", "焊接机器人", {"J11": 3, "P5": 2, "S5": 1}),
    ("whole", "数控机床", {"J12": 3, "P5": 1, "P12": 1, "S5": 1}),
    ("whole", "瓦斯抽采", {"J13": 3, "S6": 2, "P6": 2, "J21": 1}),
    ("whole", "变压器", TRANSFORMER),
    # Synonyms and variants the field uses
    ("synonym", "空气压缩机", AIR_COMPRESSOR),
    ("synonym", "劳动模范", MODEL_WORKER),
    ("synonym", "劳模", MODEL_WORKER),
    ("synonym", "皮带输送机", {"J15": 3}),
    ("synonym", "主扇", {"J14": 3, "S6": 1}),
    ("synonym", "可编程控制器", {"J9": 3, "J10": 2, "P4": 2}),
    ("synonym", "甲烷", {"J13": 3, "S6": 2, "P6": 2, "J21": 1}),
    ("synonym", "减速器", {"J16": 3, "P8": 2, "S7": 2, "J23": 1}),
    ("synonym", "熔接", {"J22": 3, "P7": 2}),
    ("synonym", "节能", {"J18": 3, "J1": 1, "J8": 1}),
    # Two-character words
    ("short", "瓦斯", {"J13": 3, "S6": 3, "P6": 2, "J21": 2}),
    ("short", "焊接", {"J11": 3, "S5": 3, "P5": 2}),
    ("short", "密封", {"J10": 3, "J4": 2, "J22": 2, "P9": 2}),
    ("short", "监测", {"J5": 3, "J10": 3, "J23": 3, "S4": 2, "P4": 2, "P11": 1}),
    ("short", "润滑", {"J16": 3}),
    ("short", "余热", {"J1": 3}),
    ("short", "巡检", {"J17": 3, "J3": 2, "J10": 1}),
    ("short", "齿轮", {"J16": 3, "J23": 3, "P8": 2, "S7": 2}),
    ("short", "纠偏", {"J15": 3}),
    # Several words
    ("multi", "空压机 节能", {"J18": 3, "J1": 2}),
    ("multi", "变压器 在线监测", {"J5": 3, "P2": 1}),
    ("multi", "接触网 带电作业", {"J7": 3, "P3": 2, "S3": 2}),
    ("multi", "离心泵 密封", {"J10": 3, "P9": 2}),
    ("multi", "瓦斯 负压", {"J13": 3}),
    ("multi", "数控机床 刀具", {"J12": 3, "P12": 2}),
    ("multi", "焊接 夹具", {"J11": 3}),
    ("multi", "通风机 故障诊断", {"J14": 3, "P1": 1}),
    ("multi", "巡检机器人", {"J17": 3}),
    # People's and studios' names
    ("name", "王建国", {"P1": 3, "S1": 3}),
    ("name", "李卫东", {"P2": 3, "S2": 3}),
    ("name", "张海燕", {"P3": 3, "S3": 3}),
    ("name", "刘红梅劳模创新工作室", {"S5": 3, "P5": 2}),
    ("name", "赵志刚", {"P4": 3, "S4": 3}),
    ("name", "孙丽", {"P8": 3, "S7": 3}),
    # Pinyin: full and initials
    ("pinyin", "wangjianguo", {"P1": 3, "S1": 2}),
    ("pinyin", "wjg", {"P1": 3, "S1": 2}),
    ("pinyin", "liweidong", {"P2": 3, "S2": 2}),
    ("pinyin", "zhy", {"P3": 3, "S3": 2}),
    ("pinyin", "liuhongmei", {"P5": 3, "S5": 2}),
    # Traditional characters
    ("traditional", "空壓機", AIR_COMPRESSOR),
    ("traditional", "變壓器", TRANSFORMER),
    ("traditional", "勞動模範", MODEL_WORKER),
    # Parts of words and words jieba does not know
    ("partial", "抽采管", {"J13": 3}),
    ("partial", "油气分离", {"J2": 3}),
    ("partial", "比色卡", {"J19": 3}),
    ("partial", "绝缘操作杆", {"J7": 3}),
    ("partial", "激光焊缝", {"J11": 3}),
]
