package extract

import (
	"strings"
	"testing"
)

// Patterns of the genre in the clauses themselves: review paragraphs that
// state their year once, milestones whose object is in the clause before,
// the reach of a mid-sentence deadline, recurring rules and subsidy caps.
// Texts written for these tests in the style of real documents.

// A review paragraph names its year once (2025年，全市…取得新进展。) and
// then reports figures sentence after sentence: none of them is a target.
func TestGenre5ReviewParagraphYear(t *testing.T) {
	text := "某市卫生健康委员会2026年工作要点\n\n" +
		"2025年，全市卫生健康系统攻坚克难，各项工作取得新进展。全年门急诊服务1830万人次，增长4.1%；新增家庭医生团队126个，全市三级医院总数达到14家。\n" +
		"一、主要目标\n" +
		"全市孕产妇死亡率控制在10/10万以下，新增家庭医生团队100个。\n"
	expect(t, text,
		want{title: "孕产妇死亡率", cmp: "<=", value: 10, deadline: date(2026, 12, 31)},
		want{title: "家庭医生团队", value: 100, kind: "cumulative", deadline: date(2026, 12, 31)})
}

// 2024年全县投入…: a clause that opens with a year before the plan's,
// inside a sentence about the future, states a fact.
func TestGenre5PastYearClause(t *testing.T) {
	text := goalDoc("要把养老服务补贴足额列入年度预算，2023年全县养老服务补贴支出2800万元。到2026年，养老机构护理型床位占比达到60%。")
	expect(t, text, want{title: "护理型床位占比", value: 60, deadline: date(2026, 12, 31)})
}

// A milestone verb alone (建成投用, 建成通车, 投入使用) takes its object
// from the clause before it; the source quotes both.
func TestGenre5MilestoneObjectBefore(t *testing.T) {
	text := goalDoc("（一）重点项目\n加快建设市第三人民医院新院区，力争2025年底前建成投用；启动城北污水处理厂二期工程，2026年6月底前投入运行。")
	d := expect(t, text,
		want{title: "第三人民医院", kind: "milestone", noValue: true, deadline: date(2025, 12, 31), aspire: true},
		want{title: "污水处理厂", kind: "milestone", noValue: true, deadline: date(2026, 6, 30)})
	for _, c := range d.Targets {
		if len(c.SourceText) < 30 {
			t.Errorf("source %q: want the object's clause quoted too", c.SourceText)
		}
	}
}

// A deadline in the middle of a sentence governs its own clause; after a
// ； the plan's own span (三年, 期间) or its end applies again.
func TestGenre5MidSentenceDeadlineStopsAtSemicolon(t *testing.T) {
	text := "某县城乡供水一体化三年行动方案（2026—2028年）\n\n一、重点任务\n" +
		"新建县第三水厂，力争2027年6月底前建成通水；三年新建改造供水管网120公里、农村配水管网400公里。\n"
	expect(t, text,
		want{title: "第三水厂", kind: "milestone", noValue: true, deadline: date(2027, 6, 30), aspire: true},
		want{title: "供水管网", value: 120, deadline: date(2028, 12, 31)},
		want{title: "配水管网", value: 400, deadline: date(2028, 12, 31)})
}

// 每年安排…不少于 in a sentence with a mid-plan deadline recurs every year
// of the plan: its deadline is the plan's end.
func TestGenre5AnnualRunsToPlanEnd(t *testing.T) {
	text := "某县农村供水工程管护三年行动方案（2026—2028年）\n\n一、重点任务\n" +
		"2027年底前，农村供水工程全部实行县级统一管护，水费收缴率达到90%以上；县财政每年安排维修养护资金不少于600万元。\n"
	d := FromText(text)
	for _, c := range d.Targets {
		if c.Unit == "万元" {
			if c.Kind != "annual" || !c.Deadline.Equal(date(2028, 12, 31)) {
				t.Errorf("%s: kind %s deadline %s, want annual to 2028-12-31", c.Title, c.Kind, c.Deadline.Format("2006-01-02"))
			}
			return
		}
	}
	t.Errorf("no target for 维修养护资金 among %d", len(d.Targets))
}

// Inspection and meeting frequencies (每季度开展1次抽检, 每月召开1次调度会)
// are how the work is run, not what it must reach.
func TestGenre5FrequencyRulesAreNotTargets(t *testing.T) {
	text := goalDoc("县疾控中心每季度对集中供水工程开展1次水质检测，各乡镇每月组织2次安全巡查。农村集中供水率达到90%。")
	expect(t, text, want{title: "集中供水率", value: 90})
}

// A cap on a subsidy or a loan (最高5000元, 每人每餐补助3元) is a rule of a
// policy, not a target; raising a standard (提高到每人每月800元) is one.
func TestGenre5SubsidyCapsAreNotTargets(t *testing.T) {
	text := goalDoc("对符合条件的家庭给予适老化改造补助，每户最高3000元；创业担保贷款个人额度最高20万元；为独居老人提供助餐服务，每人每餐补助3元。城乡低保标准提高到每人每月820元。")
	expect(t, text, want{title: "低保标准", value: 820, unit: "元"})
}

// 全部配备, 全部实行, 全部接入: a whole class must reach a state.
func TestGenre5AllOfAClass(t *testing.T) {
	text := goalDoc("到2026年，千人以上供水工程全部配备消毒设备，农村学校食堂全部实行明厨亮灶。")
	expect(t, text,
		want{title: "消毒设备", noValue: false, deadline: date(2026, 12, 31)},
		want{title: "明厨亮灶", noValue: false, deadline: date(2026, 12, 31)})
}

// 培训…不少于1500人次, 发放…不少于1亿元, 实施…不少于25个: at least so many
// things done over the period, not a level to hold.
func TestGenre5AtLeastCountsDone(t *testing.T) {
	text := goalDoc("三年培训社区网格员不少于2000人次，为不少于800户困难家庭实施危房改造，全年发放助农消费券不少于5000万元，每个社区配备网格员至少2名，全县公共图书馆藏书总量不少于80万册。")
	expect(t, text,
		want{title: "网格员", value: 2000, kind: "cumulative"},
		want{title: "危房改造", value: 800, kind: "cumulative"},
		want{title: "消费券", value: 5000, kind: "cumulative"},
		want{title: "网格员", value: 2, kind: "level"},
		want{title: "藏书总量", value: 80, kind: "level"})
}

// 其中2026年完成15个: a part of the figure just stated, with its own year.
func TestGenre5PartOfTotal(t *testing.T) {
	text := "某区普惠托育服务三年行动计划（2026—2028年）\n\n一、行动目标\n三年新建社区嵌入式托育点30个，其中2026年建成12个。\n"
	expect(t, text,
		want{title: "嵌入式托育点", value: 30, deadline: date(2028, 12, 31)},
		want{title: "嵌入式托育点", value: 12, deadline: date(2026, 12, 31)})
}

// A news report of a plan: 今年 is the plan's first year when the page
// has no date; 两年内…将 commits; a quote around a whole sentence still
// splits into clauses.
func TestGenre5NewsOfAPlan(t *testing.T) {
	text := "青禾县发布养老服务提升方案 两年内将新增护理型床位800张\n\n" +
		"本报讯 记者从青禾县民政局获悉，《青禾县养老服务提升行动方案（2026—2027年）》日前印发。\n\n" +
		"“目前全县护理型床位只有520张。”县民政局局长说，“按照方案，今年要先新建3个街道综合养老服务中心，确保每个乡镇至少有1所区域养老服务中心。”\n\n" +
		"据介绍，两年内全县将培训养老护理员1500人次。\n"
	expect(t, text,
		want{title: "养老服务中心", value: 3, deadline: date(2026, 12, 31)},
		want{title: "养老服务中心", value: 1, kind: "per_district", deadline: date(2026, 12, 31)},
		want{title: "养老护理员", value: 1500, deadline: date(2027, 12, 31)})
}

// Counts written in the ways of 民生实事 lists and work points: 场次 and
// 套（间） units, a Chinese numeral after its noun (新建…中心一个), 为N名X提供Y,
// a quoted “零发生”.
func TestGenre5CountForms(t *testing.T) {
	text := "某县2026年民生实事项目\n\n" +
		"1. 组织“戏曲进乡村”惠民演出800场次，其中送戏下乡不少于500场。\n" +
		"2. 全年筹集保障性租赁住房1500套（间）。\n" +
		"3. 新建县级冷链物流配送中心一个。\n" +
		"4. 为600名困难残疾人提供居家托养服务。\n" +
		"5. 全县道路交通较大及以上事故“零发生”。\n" +
		"6. 每年开展新型职业农民培训不少于1.5万人次。\n"
	expect(t, text,
		want{title: "惠民演出", value: 800, unit: "场次"},
		want{title: "送戏下乡", value: 500, unit: "场"},
		want{title: "保障性租赁住房", value: 1500},
		want{title: "冷链物流配送中心", value: 1},
		want{title: "托养服务", value: 600, unit: "名"},
		want{title: "事故", kind: "zero", noValue: true},
		want{title: "职业农民培训", value: 1.5, unit: "万人次", kind: "annual"})
}

// A work report's range with its unit twice (增长5%—6%) is at least its
// lower end; whom a project reaches (、惠及居民3.2万户) is not a target.
func TestGenre5RangeAndReach(t *testing.T) {
	text := "2027年某市政府工作报告\n\n二、2027年主要目标任务\n" +
		"今年主要预期目标是：地区生产总值增长5%—6%。\n" +
		"（一）办好民生实事。改造城镇老旧小区85个、惠及居民3.2万户。\n"
	expect(t, text,
		want{title: "地区生产总值", kind: "rate", cmp: ">=", value: 5, unit: "%"},
		want{title: "老旧小区", value: 85})
}

// 年均浓度 names an annual mean (a level); 较2025年分别下降3%和4% gives each
// subject its own fall.
func TestGenre5AnnualMeanAndRespectively(t *testing.T) {
	text := goalDoc("到2026年，细颗粒物年均浓度降至30微克/立方米以下；化学需氧量、氨氮排放量较2025年分别下降3%和4%。")
	expect(t, text,
		want{title: "细颗粒物年均浓度", kind: "level", cmp: "<=", value: 30},
		want{title: "化学需氧量", kind: "rate", value: 3},
		want{title: "氨氮", kind: "rate", value: 4})
}

// 二次供水 is a kind of water supply, not two of something.
func TestGenre5SecondarySupplyIsAWord(t *testing.T) {
	text := goalDoc("改造二次供水泵房45座。")
	expect(t, text, want{title: "二次供水泵房", value: 45, unit: "座"})
}

// 培育…龙头企业，三年新增15家: the count's noun is the clause before.
func TestGenre5SpanAndVerbOnly(t *testing.T) {
	text := goalDoc("培育市级以上农业产业化龙头企业，三年新增12家，其中省级龙头企业2家。")
	expect(t, text,
		want{title: "龙头企业", value: 12, unit: "家"},
		want{title: "省级龙头企业", value: 2, unit: "家"})
}

// 新增学位1620个，2027年8月底前建成投用: the completion dates the count
// before it; there is no separate milestone.
func TestGenre5CompletionDatesTheCount(t *testing.T) {
	text := "某区2027年民生实事项目\n\n一、教育类\n1. 新建中小学2所，新增学位1800个，2027年8月底前建成投用。\n2. 新建市急救中心，2027年10月底前建成投用。\n"
	expect(t, text,
		want{title: "中小学", value: 2, deadline: date(2027, 8, 31)},
		want{title: "学位", value: 1800, deadline: date(2027, 8, 31)},
		want{title: "急救中心", kind: "milestone", noValue: true, deadline: date(2027, 10, 31)})
}

// Facts and rules around targets: the count of the document's own items
// by category, population, one-off rewards and per-mu standards.
func TestGenre5FactsAndRulesAroundTargets(t *testing.T) {
	text := "某县2027年民生实事项目\n\n" +
		"经县人大代表票决，确定民生实事项目共4大类12项。全县户籍人口38.5万人。\n" +
		"一、农业类\n1. 对新建高标准农田按每亩不低于2500元标准安排资金，新建高标准农田3万亩。\n" +
		"2. 对新获评国家级龙头企业的，县财政一次性奖励30万元；新培育省级以上龙头企业4家。\n"
	expect(t, text,
		want{title: "高标准农田", value: 3, unit: "万亩"},
		want{title: "龙头企业", value: 4, unit: "家"})
}

// The closing call of a report commits to nothing measurable.
func TestGenre5ClosingCall(t *testing.T) {
	text := "2027年某县政府工作报告\n\n二、2027年工作安排\n全年新增城镇就业3000人。\n各位代表，让我们团结一心，为全面完成今年各项目标任务而努力奋斗！\n"
	expect(t, text, want{title: "城镇就业", value: 3000})
}

// A one-year work-points document: month and quarter deadlines without a
// year, a hotline's rate, a shortened time in working days, 较上年下降 in a
// task, 不发生…事故, 覆盖所有, 全联通, 实现…对接, a rate whose subject is the
// clause before, a list of Chinese numerals, a qualifier year.
func TestGenre5WorkPointsForms(t *testing.T) {
	text := "某市卫生健康委员会2027年工作要点\n\n一、重点任务\n" +
		"1. 12345卫生健康热线按时办结率保持在98%以上，企业开办时间压缩至3个工作日以内。\n" +
		"2. 儿童青少年总体近视率较上年下降0.5个百分点。\n" +
		"3. 确保全年不发生较大及以上医疗安全事故。\n" +
		"4. 三季度末前，家庭医生签约服务覆盖所有行政村；6月底前实现区域影像云平台全联通。\n" +
		"5. 9月底前实现急救调度系统与“城市大脑”对接。\n" +
		"6. 二级以上医院落实“五个一”服务措施，达标率达到95%以上。\n" +
		"7. 配套新建两所社区卫生服务中心、四个村卫生室。\n" +
		"8. 2000年底前建成的乡镇卫生院改造基本完成，新增床位300张。\n" +
		"咨询电话：12320。\n"
	expect(t, text,
		want{title: "按时办结率", kind: "maintain", value: 98},
		want{title: "开办时间", cmp: "<=", value: 3},
		want{title: "近视率", kind: "rate", value: 0.5},
		want{title: "医疗安全事故", kind: "zero", noValue: true},
		want{title: "所有行政村", deadline: date(2027, 9, 30)},
		want{title: "影像云平台", deadline: date(2027, 6, 30)},
		want{title: "城市大脑", kind: "milestone", noValue: true, deadline: date(2027, 9, 30)},
		want{title: "五个一", value: 95},
		want{title: "社区卫生服务中心", value: 2},
		want{title: "村卫生室", value: 4},
		want{title: "卫生院改造", kind: "milestone", noValue: true},
		want{title: "床位", value: 300})
}

// A per-mille figure at the end of a sentence (婴儿死亡率为3.2‰。) is read
// whole: it is the baseline of the target after it.
func TestGenre5PerMilleAtSentenceEnd(t *testing.T) {
	text := goalDoc("截至2023年底，全县婴儿死亡率为3.6‰。到2026年，婴儿死亡率控制在3‰以下。")
	expect(t, text, want{title: "婴儿死亡率", cmp: "<=", value: 3, unit: "‰", baseline: 3.6})
}

// 明年底前 is the year after the document's; 剂 counts doses.
func TestGenre5NextYearAndDoses(t *testing.T) {
	text := "某区健康促进工作方案（2026—2027年）\n\n一、工作目标\n今年为65岁以上老年人免费接种流感疫苗2万剂；明年底前，全区家庭医生签约覆盖率达到80%。\n"
	expect(t, text,
		want{title: "流感疫苗", value: 2, unit: "万剂", deadline: date(2026, 12, 31)},
		want{title: "签约覆盖率", value: 80, deadline: date(2027, 12, 31)})
}

// A press conference about a plan: the official's review (近年来, 截至) is
// not a target; sentences that go on from a committing one are; 其中6月底前
// is a month of the sentence's year; 我们 is not part of a title.
func TestGenre5PressConference(t *testing.T) {
	text := "市政府新闻办举行《某市养老服务提升三年行动计划（2026—2028年）》新闻发布会\n\n" +
		"主持人：各位记者，上午好。\n\n" +
		"王局长：近年来，我市养老服务发展取得明显成效。截至2025年底，全市共有养老机构86家。\n\n" +
		"记者：今年有哪些安排？\n\n" +
		"王局长：今年我们将新建社区养老服务站20个，其中6月底前建成8个。同时，全市特殊困难老年人月探访率保持100%，养老护理员培训不少于3000人次。\n\n" +
		"主持人：谢谢。咨询电话：0571-12345678。\n"
	expect(t, text,
		want{title: "养老服务站", value: 20, deadline: date(2026, 12, 31)},
		want{title: "养老服务站", value: 8, deadline: date(2026, 6, 30)},
		want{title: "月探访率", value: 100},
		want{title: "养老护理员培训", value: 3000})
}

// A social-insurance work plan: a standard raised per person per year is a
// level with a clean title, 增加到60种 is a level, a cap on aid is a rule,
// 压缩至30日以内 is a duration.
func TestGenre5InsuranceWorkPoints(t *testing.T) {
	text := "某省医疗保障局2026年工作要点\n\n一、重点任务\n" +
		"（一）城乡居民医保财政补助标准提高到每人每年不低于700元，门诊慢特病病种增加到60种以上。\n" +
		"（二）对困难群众参保给予资助，最高资助标准不超过每人每年380元；医保基金结算清算时间压缩至30日以内。\n" +
		"（三）3月18日召开全省工作会议。\n"
	expect(t, text,
		want{title: "财政补助标准", kind: "level", value: 700, unit: "元"},
		want{title: "门诊慢特病病种", kind: "level", value: 60},
		want{title: "结算清算时间", cmp: "<=", value: 30, unit: "日"})
	for _, c := range FromText(text).Targets {
		if strings.HasSuffix(c.Title, "每人") {
			t.Errorf("title %q ends with 每人", c.Title)
		}
	}
}

// A street office's yearly plan: 实现“零上访” is a zero target, checks and
// fixes counted with 不少于 are things done, 同比 leaves the title.
func TestGenre5StreetOfficePlan(t *testing.T) {
	text := "某街道2026年工作计划\n\n一、平安建设\n1.辖区刑事案件发案数同比下降5%，实现“零上访”。\n2.全年排查整改安全隐患不少于300处。\n"
	d := expect(t, text,
		want{title: "刑事案件发案数", kind: "rate", value: 5},
		want{title: "零上访", kind: "zero", noValue: true},
		want{title: "隐患", kind: "cumulative", value: 300})
	if d.Targets[0].Title != "辖区刑事案件发案数" {
		t.Errorf("title %q, want 辖区刑事案件发案数", d.Targets[0].Title)
	}
}

// Owner notes with short labels: （牵头：X；配合：Y）, （主责：X；协同：Y）.
func TestGenre5ShortOwnerLabels(t *testing.T) {
	text := "某镇2026年重点工作计划\n\n一、经济发展\n" +
		"1. 招商引资。全年引进项目5个。（牵头：镇经济发展办；配合：镇招商服务中心）\n" +
		"2. 就业。开发公益性岗位30个。（主责：镇劳动保障所；协同：各村）\n"
	expect(t, text,
		want{title: "引进项目", value: 5, lead: "镇经济发展办"},
		want{title: "公益性岗位", value: 30, lead: "镇劳动保障所"})
}

// Forms of special plans: 年一遇 standards, 块 and 座 counts after 和, a
// bare completion such as 下闸蓄水, a stated standard (标准为每人每月100元),
// a per-part deadline after 、, 100% before its verb, a cap on a count, the
// plan's own project count.
func TestGenre5SpecialPlanForms(t *testing.T) {
	text := "某市“十五五”水安全保障规划\n\n一、发展目标\n" +
		"到2030年，中心城区防洪标准提高到200年一遇，新建社会足球场40块。\n" +
		"建成城东水厂（设计日供水规模10万吨）和4座区域性水厂。加快白石水库建设，力争2028年下闸蓄水。\n" +
		"为80周岁以上老人发放高龄津贴，标准为每人每月100元。\n" +
		"全市水厂水质达标率达到100%，其中2027年底前达到90%、2028年底前达到95%。\n" +
		"新建住宅小区100%配建雨水收集设施；普通高中平均班额控制在45人以内；每个街道至少打造1个节水示范小区。\n" +
		"本规划共安排重大水利项目36项。\n"
	expect(t, text,
		want{title: "防洪标准", value: 200, unit: "年一遇"},
		want{title: "社会足球场", value: 40, unit: "块"},
		want{title: "区域性水厂", value: 4, unit: "座"},
		want{title: "白石水库", kind: "milestone", noValue: true, deadline: date(2028, 12, 31), aspire: true},
		want{title: "水质达标率", value: 100, deadline: date(2030, 12, 31)},
		want{title: "水质达标率", value: 90, deadline: date(2027, 12, 31)},
		want{title: "水质达标率", value: 95, deadline: date(2028, 12, 31)},
		want{title: "雨水收集设施", value: 100, unit: "%"},
		want{title: "平均班额", kind: "level", cmp: "<=", value: 45},
		want{title: "示范小区", kind: "per_district", value: 1})
}

// A 十五五 纲要 chapter titled 第十五个五年规划: its period ends in 2030;
// 年均6万人 recurs every year; 11.8年 is a length of schooling, not a year.
func TestGenre5FiveYearPlanChapter(t *testing.T) {
	text := "某市国民经济和社会发展第十五个五年规划纲要（节选）\n\n第八章 增进民生福祉\n" +
		"——就业更加充分。城镇新增就业年均6万人以上。\n" +
		"——教育更加优质。劳动年龄人口平均受教育年限提高到11.8年。\n"
	expect(t, text,
		want{title: "城镇新增就业", kind: "annual", value: 6, deadline: date(2030, 12, 31)},
		want{title: "受教育年限", kind: "level", value: 11.8, unit: "年", deadline: date(2030, 12, 31)})
}

// A newspaper interview dated only on its masthead: 今年 is that year.
func TestGenre5InterviewMastheadDate(t *testing.T) {
	text := "南江日报　2026年3月2日　第2版　要闻\n\n“今年要把好事办实”\n——访青山区区长王某\n\n本报记者　李某\n\n" +
		"记者：今年有哪些目标？\n\n王某：今年我们要新增城镇就业1.2万人，新建口袋公园15个。去年我们完成老旧小区改造28个。\n"
	expect(t, text,
		want{title: "城镇就业", value: 1.2, deadline: date(2026, 12, 31)},
		want{title: "口袋公园", value: 15, deadline: date(2026, 12, 31)})
}

// A scored responsibility book (目标责任书): scores, weights, bonus points
// and grade bands are rules; a bracket with last year's figures gives the
// baselines of the targets before it.
func TestGenre5ResponsibilityBook(t *testing.T) {
	text := "某区2026年城市管理目标责任书\n\n一、年度目标任务（共100分）\n（一）道路清扫保洁（15分）\n" +
		"城区主次干道机械化清扫率达到92%以上，背街小巷机械化清扫率达到70%以上（2025年分别为89.4%、63.2%）。\n" +
		"考核方法：每低于目标值1个百分点扣1分，扣完为止。\n责任部门：区城市管理局\n" +
		"（二）生活垃圾无害化处理（10分）\n城区生活垃圾无害化处理率保持100%（2025年：100%）。\n责任部门：区城市管理局\n" +
		"二、考核办法\n日常考核每季度开展1次、占总分的60%，年终考核占40%。对获得省级以上表彰的加2分，加分最高不超过5分。考核结果分为优秀（90分以上）、良好（80分至89分）、合格（70分至79分）和不合格（70分以下）四个等次。\n"
	expect(t, text,
		want{title: "主次干道机械化清扫率", value: 92, deadline: date(2026, 12, 31), lead: "区城市管理局", baseline: 89.4},
		want{title: "背街小巷机械化清扫率", value: 70, baseline: 63.2},
		want{title: "无害化处理率", value: 100, kind: "maintain", baseline: 100})
}

// Work points whose items end with the owning office alone in brackets;
// a task table whose deadline column lists years (2026年、2027年); setting
// up a leading group is not a target; 街道（乡镇） is per district; a
// per-person standard of funding is a rule.
func TestGenre5OfficeBracketsAndYearLists(t *testing.T) {
	text := "某省农业农村厅2026年工作要点\n\n二、重点任务\n" +
		"1.推进粮油单产提升。建设省级粮油单产提升示范片300个。（种植业管理处）\n" +
		"2.发展现代渔业。水产品总产量达到182万吨。（渔业渔政管理处、计划财务处）\n" +
		"3.成立由分管副厅长任组长的工作领导小组。每个街道（乡镇）至少建成1个农技服务站。\n" +
		"4.省财政按每亩高标准农田建设2000元的标准安排补助资金。\n"
	expect(t, text,
		want{title: "示范片", value: 300, lead: "种植业管理处"},
		want{title: "水产品总产量", value: 182, lead: "渔业渔政管理处"},
		want{title: "农技服务站", value: 1, kind: "per_district"})
	table := "某县“两癌”筛查实施方案（2026—2027年）\n\n三、任务分解\n" +
		"| 序号 | 重点任务 | 目标要求 | 牵头单位 | 完成时限 |\n" +
		"|------|----------|----------|----------|----------|\n" +
		"| 1 | 扩大筛查 | 每年免费开展宫颈癌筛查1.2万人 | 县卫生健康局 | 2026年、2027年 |\n" +
		"| 2 | 建设质控中心 | 建成筛查质控中心1个 | 县卫生健康局 | 2026年 |\n"
	expect(t, table,
		want{title: "宫颈癌筛查", value: 1.2, kind: "annual", deadline: date(2027, 12, 31), lead: "县卫生健康局"},
		want{title: "质控中心", value: 1, deadline: date(2026, 12, 31)})
}

// An interview: 今年新建… at the start of the year commits; 到明年底 and
// 到“十五五”末 are future dates; the subject of 要达到12% is the figure
// before it; rates named after a report (上报及时率) are rates, each its own.
func TestGenre5InterviewForms(t *testing.T) {
	text := "南江日报　2026年2月24日　第3版\n\n“今年要让群众看得见”\n——访青山区区长王某\n\n" +
		"王某：今年新建口袋公园18个、绿道25公里。我们还提出，到明年底实现“15分钟便民生活圈”社区全覆盖。目前全区数字经济核心产业增加值占地区生产总值的比重是8.6%，到“十五五”末要达到12%。去年我们完成老旧小区改造28个。\n\n" +
		"记者：数据质量呢？\n\n王某：筛查数据上报及时率、完整率今年均要达到98%。\n"
	expect(t, text,
		want{title: "口袋公园", value: 18, deadline: date(2026, 12, 31)},
		want{title: "绿道", value: 25, deadline: date(2026, 12, 31)},
		want{title: "便民生活圈”社区", deadline: date(2027, 12, 31)},
		want{title: "比重", value: 12, deadline: date(2030, 12, 31), baseline: 8.6},
		want{title: "上报及时率", value: 98},
		want{title: "完整率", value: 98})
}

// An indicator list written as lines "指标：2025年X，2030年Y（预期性）": the
// earlier year is the baseline, the later the target; a note in brackets
// ends the figure's clause.
func TestGenre5IndicatorLines(t *testing.T) {
	text := "某市“十五五”科技创新专项规划\n\n专栏1 主要指标\n" +
		"全社会研发经费投入强度：2025年2.65%，2030年3.2%（预期性）。\n" +
		"高价值发明专利拥有量：2025年14.6件，2030年26件（预期性）。\n"
	expect(t, text,
		want{title: "研发经费投入强度", value: 3.2, deadline: date(2030, 12, 31), baseline: 2.65},
		want{title: "高价值发明专利拥有量", value: 26, deadline: date(2030, 12, 31), baseline: 14.6})
}

// Rules and reports around targets: caps on counts and periods, rates by a
// standard, conditions on whom a rule applies to, a monitoring report's
// results for a year before its own date, counts of indicators by kind.
func TestGenre5RulesAndResults(t *testing.T) {
	rules := "某市关于进一步稳就业的若干措施\n\n一、工作目标\n2026年全市城镇新增就业6万人。\n" +
		"二、政策措施\n同一单位补助人数最多不超过50人，补贴期限最长不超过3年。对见习期满留用率达到50%以上的见习单位，给予补贴。职业技能培训补贴按初级工1000元、中级工1500元的标准执行。\n"
	expect(t, rules, want{title: "城镇新增就业", value: 6})
	report := "关于某县“十五五”规划纲要主要指标2026年进展情况的报告\n发布日期：2027-03-20\n\n" +
		"一、经济发展\n2026年全县实现地区生产总值418.6亿元，比上年增长6.4%。《纲要》目标为2030年地区生产总值达到550亿元。\n" +
		"二、总体评价\n18项指标中，进度快于预期的5项，符合预期的11项。\n"
	expect(t, report, want{title: "地区生产总值", value: 550, deadline: date(2030, 12, 31)})
}

// Phases dated by a span (第二阶段（2026年7月—2027年5月）) end at the span's
// end; owners written （X负责，Y参与） and （X牵头实施）; a web page's footer
// credits are not owners.
func TestGenre5PhasesAndOwnerForms(t *testing.T) {
	text := "某县创建全国文明城市攻坚行动方案\n\n三、分阶段目标\n" +
		"（一）第一阶段（2026年3月—6月）。城区主次干道机械化清扫率达到90%。（县城市管理局负责，各镇参与）\n" +
		"（二）第二阶段（2026年7月—2027年5月）。注册志愿者占城区常住人口的比例达到15%。（团县委牵头实施）\n\n" +
		"主办单位：某县人民政府办公室　承办单位：某县大数据中心　网站标识码：1234567890\n"
	expect(t, text,
		want{title: "机械化清扫率", value: 90, deadline: date(2026, 6, 30), lead: "县城市管理局"},
		want{title: "注册志愿者", value: 15, deadline: date(2027, 5, 31), lead: "团县委"})
}

// A phase heading (第三阶段（2027年1月—5月）：迎检冲刺) dates the numbered
// items under it.
func TestGenre5PhaseHeadings(t *testing.T) {
	text := "某县创建全国文明城市攻坚行动方案\n\n三、分阶段目标\n第一阶段（2026年3月—6月）：集中整治\n" +
		"1. 城区主次干道机械化清扫率达到90%。\n第三阶段（2027年1月—5月）：迎检冲刺\n" +
		"2. 注册志愿者占城区常住人口的比例达到15%。\n"
	expect(t, text,
		want{title: "机械化清扫率", value: 90, deadline: date(2026, 6, 30)},
		want{title: "注册志愿者", value: 15, deadline: date(2027, 5, 31)})
}

// Forms of reports and assessments: a 督查通报 quoting the targets it checks
// beside their progress; a table with two tiers (基本目标/争先目标, the second
// aspirational); a deadline label inside an owner bracket; brackets the
// document declares to hold base-year values; counts of the plan's own
// indicators; a qualifier (6类以上) and a rule (较县级医院高10个百分点).
func TestGenre5ReportsAndTiers(t *testing.T) {
	bulletin := "关于2027年《政府工作报告》目标任务前三季度落实情况的督查通报\n发布日期：2027-10-20\n\n一、进度滞后的目标\n" +
		"1.市工业和信息化局牵头的“规模以上工业增加值增长7%”目标。1—9月全市规模以上工业增加值增长4.8%，低于全年目标2.2个百分点。\n" +
		"2.市教育局牵头的“建成投用公办幼儿园3所”目标。截至9月底建成1所。\n"
	expect(t, bulletin,
		want{title: "规模以上工业增加值", kind: "rate", value: 7, deadline: date(2027, 12, 31), lead: "市工业和信息化局"},
		want{title: "公办幼儿园", value: 3, lead: "市教育局"})
	tiers := "某区2027年工作方案\n\n附件\n主要指标目标值表\n" +
		"序号\t指标\t单位\t基本目标\t争先目标\t牵头单位\n1\t一般公共预算收入\t亿元\t48.6\t50\t区财政局\n"
	expect(t, tiers,
		want{title: "一般公共预算收入", value: 48.6, lead: "区财政局"},
		want{title: "一般公共预算收入", value: 50, aspire: true})
	list := "某区2027年民生实事项目\n\n一、扩大学位供给。新建学校1所，新增学位2340个。（主办单位：区教育局；完成时限：2027年8月底）\n"
	expect(t, list,
		want{title: "学校", value: 1, deadline: date(2027, 8, 31)},
		want{title: "学位", value: 2340, deadline: date(2027, 8, 31)})
	plan := "某市“十五五”规划纲要主要指标\n\n一、经济发展\n主要指标共28项，其中约束性指标8项。主要指标摘编如下（括号内为2025年数值）：\n" +
		"到2030年，常住人口城镇化率达到72%（67.8%）。〔预期性〕\n" +
		"能够提供6类以上中医药技术服务的村卫生室占比达到80%，报销比例较县级医院高10个百分点。\n"
	expect(t, plan,
		want{title: "城镇化率", value: 72, baseline: 67.8},
		want{title: "村卫生室占比", value: 80})
}

// A 督查通报 dated on its issuer's line (…督查室　　2027年10月26日): the
// quoted targets are that year's; an assessment's rules (完成基本目标的，
// 得该项分值的80%) are not targets.
func TestGenre5DatedIssuerLineAndTierRules(t *testing.T) {
	text := "某市人民政府督查室\n\n督查通报\n\n某市人民政府督查室　　　　2027年10月26日\n\n" +
		"1.市发展改革委牵头的“固定资产投资增长6%”目标。1—9月固定资产投资同比下降1.3%。\n\n" +
		"二、考核计分\n完成基本目标的，得该项分值的80%；未完成基本目标的，每低于1个百分点扣该项分值的10%。\n"
	expect(t, text, want{title: "固定资产投资", kind: "rate", value: 6, deadline: date(2027, 12, 31), lead: "市发展改革委"})
}
