"""The fixed corpus the relevance judgments refer to: 5 enterprises, 12 people, 7 studios, 24 projects.

Written by hand to look like the alliance's real content, with near misses on purpose (王建军 next to
王建国, 压缩机 in a chemical plant, 瓦斯 in two enterprises). Refs (P1, S1, J1 …) name the documents
in queries.py; load() creates them and returns {ref: search key}.
"""

import datetime as dt
import sys

from home.models import HomePage
from projects.choices import Category, Status
from projects.models import ProjectPage, ProjectTeamMember
from studios.choices import HonorKind, Ownership, RegionKind, StudioLevel, StudioType
from studios.models import Enterprise, Honor, Industry, Person, Region, StudioIndexPage, StudioMembership, StudioPage

ENTERPRISES = {
    # ref: (name, short name, city, industry)
    "E1": ("晋北煤业集团有限公司", "晋北煤业", "大同市", "煤炭"),
    "E2": ("省电力公司太原供电分公司", "太原供电", "太原市", "电力"),
    "E3": ("太原铁路局集团有限公司", "太原铁路", "太原市", "铁路"),
    "E4": ("上党化工集团有限公司", "上党化工", "长治市", "化工"),
    "E5": ("并州重型装备有限公司", "并州重装", "太原市", "装备制造"),
}

PEOPLE = {
    # ref: (name, enterprise, position, skills, titles, honors, open to collaboration, bio)
    "P1": (
        "王建国",
        "E1",
        "综采队机电班长",
        ["空压机维修", "液压支架", "故障诊断"],
        ["高级技师"],
        ["全国劳动模范"],
        True,
        "扎根井下二十年，擅长综采设备和空压机的维修。",
    ),
    "P2": (
        "李卫东",
        "E2",
        "变电运维班长",
        ["继电保护", "变压器检修"],
        ["首席技师"],
        ["五一劳动奖章"],
        True,
        "长期从事变电站运维，主持多项变压器状态检修改进。",
    ),
    "P3": (
        "张海燕",
        "E3",
        "接触网工长",
        ["接触网", "带电作业"],
        ["首席技师"],
        ["三晋工匠"],
        True,
        "牵引供电一线女工匠，专注接触网检修工具改进。",
    ),
    "P4": (
        "赵志刚",
        "E4",
        "仪表自动化技师",
        ["PLC编程", "在线监测"],
        ["高级技师"],
        ["三晋工匠"],
        True,
        "负责反应釜和机泵的自动化控制改造。",
    ),
    "P5": (
        "刘红梅",
        "E5",
        "焊接车间主任",
        ["焊接机器人", "数控机床"],
        ["特级技师"],
        ["全国劳动模范"],
        True,
        "带领团队攻克大型结构件焊接变形难题。",
    ),
    "P6": (
        "陈晓明",
        "E1",
        "通风区区长",
        ["瓦斯抽采", "矿井通风"],
        [],
        ["省劳动模范"],
        False,
        "从事矿井通风与瓦斯治理工作十八年。",
    ),
    "P7": ("王建军", "E2", "通信运维工", ["光缆熔接", "基站维护"], [], [], True, "负责电力通信光缆的抢修。"),
    "P8": ("孙丽", "E5", "装配钳工", ["减速机", "齿轮箱"], ["高级技师"], [], True, "擅长重型减速机的装配与调试。"),
    "P9": ("周强", "E4", "机泵设备员", ["离心泵", "机械密封"], [], [], True, "负责化工装置机泵的维护。"),
    "P10": ("吴刚", "E3", "信号工", ["道岔", "信号设备"], [], ["五一劳动奖章"], True, "负责车站道岔和信号设备维护。"),
    "P11": (
        "郭瑞",
        "E2",
        "配电运检技术员",
        ["空压机维修", "在线监测"],
        [],
        [],
        True,
        "维护变电站断路器操作机构所用空压机。",
    ),
    "P12": ("马俊", "E5", "数控操作工", ["数控机床", "刀具管理"], [], [], False, "数控加工十年，不接受外部合作。"),
}

STUDIOS = {
    # ref: (title, enterprise, lead, type, level, specialties, summary)
    "S1": (
        "王建国劳模创新工作室",
        "E1",
        "P1",
        StudioType.MODEL_WORKER,
        StudioLevel.NATIONAL,
        ["空压机", "综采设备"],
        "以全国劳动模范王建国为领办人，专注综采设备与空压机的技术攻关。",
    ),
    "S2": (
        "李卫东技能大师工作室",
        "E2",
        "P2",
        StudioType.SKILL_MASTER,
        StudioLevel.PROVINCIAL,
        ["继电保护", "变压器"],
        "聚焦变电站继电保护与变压器运维难题。",
    ),
    "S3": (
        "张海燕工匠人才创新工作室",
        "E3",
        "P3",
        StudioType.CRAFTSMAN,
        StudioLevel.PROVINCIAL,
        ["接触网", "带电作业"],
        "牵引供电接触网检修工具与工艺创新。",
    ),
    "S4": (
        "赵志刚职工创新工作室",
        "E4",
        "P4",
        StudioType.STAFF,
        StudioLevel.MUNICIPAL,
        ["自动化控制", "在线监测"],
        "化工装置自动化控制与设备在线监测。",
    ),
    "S5": (
        "刘红梅劳模创新工作室",
        "E5",
        "P5",
        StudioType.MODEL_WORKER,
        StudioLevel.NATIONAL,
        ["焊接", "数控加工"],
        "重型装备焊接工艺和数控加工创新。",
    ),
    "S6": (
        "陈晓明瓦斯防治工作室",
        "E1",
        "P6",
        StudioType.STAFF,
        StudioLevel.ENTERPRISE,
        ["瓦斯抽采", "矿井通风"],
        "矿井瓦斯抽采与通风系统优化。",
    ),
    "S7": (
        "孙丽钳工技能工作室",
        "E5",
        "P8",
        StudioType.SKILL_MASTER,
        StudioLevel.ENTERPRISE,
        ["减速机", "装配"],
        "重型减速机与齿轮箱的装配调试技艺传承。",
    ),
}

PROJECTS = {
    # ref: (title, studio, category, summary, problem, solution, needed skills, team)
    "J1": (
        "矿用空压机余热回收装置",
        "S1",
        Category.INVENTION,
        "回收井下空压机运行产生的热量，为井口和浴室供暖。",
        "空压机运行时大量热量白白散失，冬季井口供暖还要另烧锅炉。",
        "在空压机油路上加装板式换热器，把余热送到井口和浴室。",
        ["空压机维修"],
        ["P1"],
    ),
    "J2": (
        "空气压缩机油气分离器快速更换工具",
        "S1",
        Category.INNOVATION,
        "一套专用工具，把空气压缩机油气分离器的更换时间缩短一半。",
        "油气分离器更换要拆卸多处管路，两人作业需要四小时。",
        "设计快拆卡具和吊装支架，一人即可完成更换。",
        [],
        ["P1"],
    ),
    "J3": (
        "井下压缩机房无人值守改造",
        "S1",
        Category.INNOVATION,
        "井下压缩机房实现远程监控、无人值守。",
        "压缩机房需要专人二十四小时值守，巡检劳动强度大。",
        "加装传感器和远程控制柜，在地面调度室集中监控空压机组。",
        ["在线监测"],
        ["P1"],
    ),
    "J4": (
        "液压支架立柱密封快速检测仪",
        "S1",
        Category.INVENTION,
        "不拆立柱即可判断液压支架密封是否失效。",
        "液压支架立柱内漏难以判断，往往拆开后才发现密封完好。",
        "通过保压曲线判断密封状态，检测一次只需五分钟。",
        ["液压支架"],
        ["P1"],
    ),
    "J5": (
        "主变压器油色谱在线监测",
        "S2",
        Category.CREATION,
        "实时分析主变压器油中溶解气体，提前发现内部故障。",
        "变压器油色谱靠定期取样送检，故障发现不及时。",
        "安装油色谱在线监测装置并接入调度系统，设置分级告警。",
        ["在线监测", "变压器检修"],
        ["P2"],
    ),
    "J6": (
        "继电保护定值核对小程序",
        "S2",
        Category.DESIGN,
        "手机扫码核对继电保护定值，避免人为差错。",
        "保护定值人工逐项核对，耗时且容易漏项。",
        "开发定值核对小程序，自动比对定值单与装置实际定值。",
        ["继电保护"],
        ["P2"],
    ),
    "J7": (
        "接触网带电作业绝缘工具改进",
        "S3",
        Category.INNOVATION,
        "改进带电作业绝缘操作杆，提高接触网检修安全性。",
        "原有绝缘操作杆笨重，带电作业时操作不便。",
        "采用碳纤维材料并加装可调角度工作头。",
        ["带电作业"],
        ["P3"],
    ),
    "J8": (
        "道岔融雪装置优化",
        "S3",
        Category.INNOVATION,
        "优化道岔融雪装置的加热控制，雪天道岔不再卡阻。",
        "雪天道岔积雪结冰，转换卡阻影响行车。",
        "根据轨温和降雪自动启停电加热，节电三成。",
        ["道岔"],
        ["P10"],
    ),
    "J9": (
        "反应釜温度PLC自动控制",
        "S4",
        Category.CREATION,
        "用PLC实现反应釜温度的自动控制，温度波动小于一度。",
        "反应釜温度靠人工调节蒸汽阀门，波动大、产品质量不稳。",
        "以PLC为核心配置温度闭环控制，并接入中控室。",
        ["PLC编程"],
        ["P4"],
    ),
    "J10": (
        "离心泵机械密封泄漏在线监测",
        "S4",
        Category.CREATION,
        "在线监测离心泵机械密封泄漏，避免介质外泄。",
        "离心泵机械密封泄漏靠巡检发现，存在安全隐患。",
        "在密封腔加装泄漏传感器，信号接入PLC报警。",
        ["机械密封", "在线监测"],
        ["P9", "P4"],
    ),
    "J11": (
        "焊接机器人焊缝跟踪夹具",
        "S5",
        Category.INVENTION,
        "为焊接机器人设计的焊缝跟踪夹具，提高厚板焊接合格率。",
        "厚板结构件焊接变形大，焊接机器人无法准确跟踪焊缝。",
        "设计可调式夹具并加装激光焊缝跟踪，合格率提高到百分之九十九。",
        ["焊接机器人"],
        ["P5"],
    ),
    "J12": (
        "数控机床刀具寿命预警",
        "S5",
        Category.DESIGN,
        "根据切削时间和主轴电流预测刀具寿命，提前换刀。",
        "数控机床刀具磨损后才更换，经常造成工件报废。",
        "采集主轴电流数据，建立刀具寿命模型并在机床面板预警。",
        ["数控机床", "刀具管理"],
        ["P5", "P12"],
    ),
    "J13": (
        "瓦斯抽采管路负压自动调节",
        "S6",
        Category.INNOVATION,
        "根据瓦斯浓度自动调节抽采管路负压，提高抽采效率。",
        "抽采负压靠人工调节阀门，瓦斯浓度波动大。",
        "在管路上安装电动调节阀，按浓度闭环控制负压。",
        ["瓦斯抽采"],
        ["P6"],
    ),
    "J14": (
        "矿井主通风机振动故障诊断",
        "S6",
        Category.CREATION,
        "对主通风机轴承振动进行在线分析，提前诊断故障。",
        "主通风机故障停机会造成全矿停产，事后维修代价大。",
        "加装振动传感器，用频谱分析诊断轴承和叶轮故障。",
        ["故障诊断", "矿井通风"],
        ["P6", "P1"],
    ),
    "J15": (
        "皮带机跑偏自动纠偏装置",
        "S1",
        Category.INVENTION,
        "皮带机跑偏时自动纠偏，减少撒煤和皮带磨损。",
        "井下皮带机经常跑偏，需要人工调整托辊。",
        "设计液压纠偏托辊组，检测跑偏后自动回正。",
        [],
        ["P1"],
    ),
    "J16": (
        "减速机齿轮箱润滑系统改进",
        "S7",
        Category.INNOVATION,
        "改进重型减速机齿轮箱的强制润滑，延长齿轮寿命。",
        "减速机齿轮箱润滑不良导致齿面点蚀。",
        "增加润滑油冷却和过滤回路，并设置油温报警。",
        ["减速机"],
        ["P8"],
    ),
    "J17": (
        "变电站智能巡检机器人应用",
        "S2",
        Category.CREATION,
        "用巡检机器人代替人工夜间巡视变电站设备。",
        "变电站夜间人工巡检强度大，红外测温容易漏项。",
        "引入轮式巡检机器人，自动完成红外测温和表计读数。",
        [],
        ["P2", "P11"],
    ),
    "J18": (
        "空压机群控节能改造",
        "S4",
        Category.INNOVATION,
        "化工厂仪表风空压机群控运行，年节电八十万千瓦时。",
        "多台空压机各自运行，加卸载频繁，能耗高。",
        "按管网压力联动启停空压机，实现节能降耗。",
        ["空压机维修"],
        ["P4"],
    ),
    "J19": (
        "变压器呼吸器硅胶变色提醒",
        "S2",
        Category.SUGGESTION,
        "建议在变压器呼吸器旁加装硅胶变色比色卡，及时更换受潮硅胶。",
        "呼吸器硅胶受潮变色后未及时更换，变压器油受潮。",
        "统一比色卡并纳入巡视卡，班组每周检查。",
        [],
        ["P2"],
    ),
    "J20": (
        "接触网吊弦预制测量尺",
        "S3",
        Category.INVENTION,
        "一把尺子完成吊弦长度测量和预制，提高接触网施工效率。",
        "吊弦长度靠计算和反复测量，效率低。",
        "设计带刻度换算的专用测量尺。",
        ["接触网"],
        ["P3"],
    ),
    "J21": (
        "掘进工作面局部通风机自动切换",
        "S6",
        Category.INNOVATION,
        "局部通风机主备自动切换，保证掘进工作面连续通风。",
        "局部通风机故障时需要人工切换，存在瓦斯积聚风险。",
        "增加双电源双风机自动切换控制回路。",
        ["矿井通风"],
        ["P6"],
    ),
    "J22": (
        "光缆熔接盘防水改进",
        "S2",
        Category.INNOVATION,
        "改进电力通信光缆接头盒的密封，杜绝进水。",
        "光缆接头盒进水导致通信中断。",
        "采用双层密封圈和灌胶工艺。",
        ["光缆熔接"],
        ["P7"],
    ),
    "J23": (
        "齿轮箱振动在线监测",
        "S7",
        Category.CREATION,
        "对装配后的齿轮箱做振动在线监测，出厂前发现装配缺陷。",
        "齿轮箱装配缺陷到用户现场才暴露，返修成本高。",
        "在试验台加装振动传感器并自动生成检测报告。",
        ["在线监测", "减速机"],
        ["P8"],
    ),
    "J24": (
        "压缩空气管网泄漏检测",
        "S5",
        Category.SUGGESTION,
        "用超声波检测车间压缩空气管网泄漏点，建议定期普查。",
        "车间压缩空气管网泄漏严重，空压站负荷居高不下。",
        "每季度用超声波检漏仪普查一次，泄漏点挂牌整改。",
        [],
        ["P8"],
    ),
}


PREFIX = "rel"
PROVINCE = "山西省（评测）"


def _region(prefix, province_name, city):
    province, _ = Region.objects.get_or_create(
        slug=f"{prefix}-{province_name}", defaults={"name": province_name, "kind": RegionKind.PROVINCE}
    )
    region, _ = Region.objects.get_or_create(
        slug=f"{prefix}-{city}", defaults={"name": city, "kind": RegionKind.CITY, "parent": province}
    )
    return region


def _industry(prefix, name):
    label = f"{name}（评测）" if prefix == PREFIX else name
    industry = Industry.objects.filter(name=label).first()  # the demo data may hold the same industry
    return industry or Industry.objects.create(name=label, slug=f"{prefix}-{name}")


def _honor(name, kind):
    honor, _ = Honor.objects.get_or_create(name=name, defaults={"kind": kind})
    return honor


def _studio_index():
    index = StudioIndexPage.objects.first()
    if index is None:
        home = HomePage.objects.first()
        index = home.add_child(instance=StudioIndexPage(title="创新工作室", slug="studios"))
    return index


def load(data=None):
    """Create a corpus (this module's, or another module with the same tables; once, idempotent by
    slug) and return {ref: search key}."""
    data = data or sys.modules[__name__]
    prefix = data.PREFIX
    keys = {}
    enterprises = {}
    for ref, row in data.ENTERPRISES.items():
        name, short, *place, industry = row
        province, city = place if len(place) == 2 else (PROVINCE, place[0])
        enterprises[ref], _ = Enterprise.objects.get_or_create(
            name=name,
            defaults={
                "short_name": short,
                "region": _region(prefix, province, city),
                "industry": _industry(prefix, industry),
                "ownership": Ownership.PROVINCIAL,
                "slug": f"{prefix}-{ref.lower()}",
            },
        )
    people = {}
    for ref, (name, enterprise, position, skills, titles, honors, is_open, bio) in data.PEOPLE.items():
        person = Person.objects.filter(slug=f"{prefix}-{ref.lower()}").first()
        if person is None:
            person = Person(
                name=name,
                slug=f"{prefix}-{ref.lower()}",
                enterprise=enterprises[enterprise],
                position=position,
                bio=bio,
                open_to_collaboration=is_open,
            )
            person.save()
            person.titles.set([_honor(t, HonorKind.TITLE) for t in titles])
            person.honors.set([_honor(h, HonorKind.HONOR) for h in honors])
            person.skills.set(skills)
            person.save()
        people[ref] = person
        keys[ref] = f"person:{person.pk}"
    studios = {}
    for ref, (title, enterprise, lead, studio_type, level, specialties, summary, *members) in data.STUDIOS.items():
        studio = StudioPage.objects.filter(slug=f"{prefix}-{ref.lower()}").first()
        if studio is None:
            company = enterprises[enterprise]
            studio = StudioPage(
                title=title,
                slug=f"{prefix}-{ref.lower()}",
                studio_type=studio_type,
                level=level,
                year_recognised=2020,
                enterprise=company,
                region=company.region,
                industry=company.industry,
                lead=people[lead],
                summary=summary,
            )
            studio.specialties.set(specialties)
            for member in members[0] if members else []:
                studio.memberships.add(StudioMembership(person=people[member]))
            _studio_index().add_child(instance=studio)
        studios[ref] = studio
        keys[ref] = f"studio:{studio.pk}"
    for number, (ref, fields) in enumerate(data.PROJECTS.items()):
        title, studio_ref, category, summary, problem, solution, skills, team = fields
        project = ProjectPage.objects.filter(slug=f"{prefix}-{ref.lower()}").first()
        if project is None:
            project = ProjectPage(
                title=title,
                slug=f"{prefix}-{ref.lower()}",
                category=category,
                status=Status.COMPLETED,
                start_date=dt.date(2020, 1, 1) + dt.timedelta(days=30 * number),
                summary=summary,
                problem=f"<p>{problem}</p>",
                solution=f"<p>{solution}</p>",
                seeking_collaborators=bool(skills),
                collaboration_needs=f"寻求{'、'.join(skills)}方面的合作。" if skills else "",
            )
            project.needed_skills.set(skills)
            for person_ref in team:
                project.team_members.add(ProjectTeamMember(person=people[person_ref]))
            studios[studio_ref].add_child(instance=project)
        keys[ref] = f"project:{project.pk}"
    return keys
