package extract

import (
	"testing"
)

// Texts in styles of the genre that the development texts cover little:
// written for these tests after reading real 政府工作报告, 十五五 纲要, 民生实事
// lists, 三年行动方案 and press briefings (paraphrased, not copied). Each case
// says what a reviewer expects the extractor to find, and nothing else.

func TestGenreSharedSubjects(t *testing.T) {
	end := date(2026, 12, 31)
	cases := []struct {
		name, body string
		want       []want
	}{
		{"和 shares the standard", "提高城乡低保和特困人员救助供养标准，年均增幅不低于8%。",
			[]want{{title: "城乡低保", kind: "rate", cmp: ">=", value: 8, unit: "%", deadline: end},
				{title: "特困人员救助供养标准", kind: "rate", cmp: ">=", value: 8, unit: "%", deadline: end}}},
		{"及 shares the rate", "城镇职工及城乡居民基本医疗保险参保率稳定在96%以上。",
			[]want{{title: "城镇职工", kind: "maintain", value: 96}, {title: "城乡居民基本医疗保险参保率", kind: "maintain", value: 96}}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) { expect(t, goalDoc(c.body), c.want...) })
	}
}

func TestGenreCountBeforeNames(t *testing.T) {
	expect(t, goalDoc("甘井子区、旅顺口区、长海县、庄河市4个县级融媒体中心完成技术改造。"),
		want{title: "县级融媒体中心", kind: "cumulative", value: 4, unit: "个"})
	// 民生实事 news style: the count is written before its noun.
	expect(t, goalDoc("实施5个城中村改造项目，建成1.2万套安置房。"),
		want{title: "城中村改造项目", kind: "cumulative", value: 5, unit: "个"},
		want{title: "安置房", kind: "cumulative", value: 1.2, unit: "万套"})
}

func TestGenreChineseNumerals(t *testing.T) {
	cases := []struct {
		name, body string
		want       []want
	}{
		{"两所", "新建两所九年一贯制学校。", []want{{title: "九年一贯制学校", kind: "cumulative", value: 2, unit: "所"}}},
		{"五个", "在县医院、中医院等建设五个标准化发热门诊。", []want{{title: "发热门诊", kind: "cumulative", value: 5, unit: "个"}}},
		{"十二家", "培育十二家省级专精特新企业。", []want{{title: "专精特新企业", kind: "cumulative", value: 12, unit: "家"}}},
		{"三成", "新能源汽车占新车销量比重达到三成。", []want{{title: "新能源汽车占新车销量比重", kind: "level", cmp: ">=", value: 30, unit: "%"}}},
		// 翻一番 is a rise of 100%.
		{"翻一番", "数字经济核心产业增加值比2025年翻一番。", []want{{title: "数字经济核心产业增加值", kind: "rate", cmp: ">=", value: 100, unit: "%"}}},
		// Names, slogans and the document's own items hold no figure.
		{"names", "坚持“两个毫不动摇”，落实“三个一批”，推进五大行动，构建一体化服务体系。", nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) { expect(t, goalDoc(c.body), c.want...) })
	}
}

func TestGenreKeepStatements(t *testing.T) {
	expect(t, goalDoc("县级集中式饮用水水源地水质保持优良。"),
		want{title: "饮用水水源地水质", kind: "milestone", noValue: true})
	expect(t, goalDoc("新建住宅小区养老服务设施配建达标率原则上不低于80%。"),
		want{title: "养老服务设施配建达标率", kind: "maintain", cmp: ">=", value: 80, unit: "%"})
}

func TestGenreFigureMidClause(t *testing.T) {
	expect(t, goalDoc("推进文旅消费场景建设10个项目落地。"),
		want{title: "项目", kind: "cumulative", value: 10, unit: "个"})
}

func TestGenreRanges(t *testing.T) {
	d := expect(t, goalDoc("每个乡镇建设2至4所标准化托育机构。"),
		want{title: "托育机构", kind: "per_district", cmp: ">=", value: 2, unit: "所"})
	if !hasDoubt(d.Targets[0].Doubts, DoubtTwoNumbers) {
		t.Errorf("a range has the two_numbers doubt: %v", d.Targets[0].Doubts)
	}
	expect(t, goalDoc("每千名老年人养老床位数达到30—35张。"),
		want{title: "养老床位数", kind: "level", cmp: ">=", value: 30, unit: "张"})
	// An upper bound takes the range's upper end.
	expect(t, goalDoc("平均通勤时间控制在35—40分钟以内。"),
		want{title: "平均通勤时间", kind: "level", cmp: "<=", value: 40, unit: "分钟"})
}

func TestGenreDeadlineFromHeading(t *testing.T) {
	text := "某县推进县域商业体系建设实施方案（2025—2028年）\n\n" +
		"一、2026年重点任务\n" +
		"1.新建乡镇商贸中心3个。\n" +
		"2.改造村级便民商店60个。\n" +
		"二、到2028年目标\n" +
		"县域商业网点覆盖率达到95%。\n" +
		"三、保障措施\n" +
		"加强资金保障。\n"
	expect(t, text,
		want{title: "乡镇商贸中心", value: 3, deadline: date(2026, 12, 31)},
		want{title: "村级便民商店", value: 60, deadline: date(2026, 12, 31)},
		want{title: "县域商业网点覆盖率", value: 95, deadline: date(2028, 12, 31)})
	// An introduction ending in ： governs the list that follows it.
	text = "某市养老服务提质行动方案（2025—2030年）\n\n一、主要目标\n到2027年，全市实现以下目标：\n1.建成社区嵌入式养老服务机构40家。\n2.护理型床位占比达到65%。\n到2030年，养老机构护理型床位占比达到70%。\n"
	expect(t, text,
		want{title: "社区嵌入式养老服务机构", value: 40, deadline: date(2027, 12, 31)},
		want{title: "护理型床位占比", value: 65, deadline: date(2027, 12, 31)},
		want{title: "护理型床位占比", value: 70, deadline: date(2030, 12, 31)})
}

func TestGenreSpaceSeparatedTable(t *testing.T) {
	text := "某市“十五五”生态环境保护规划\n\n专栏1 主要指标\n" +
		"指标                    单位          2025年      2030年      属性\n" +
		"细颗粒物平均浓度        微克/立方米   29          26          约束性\n" +
		"森林覆盖率              %             41.2        42.5        约束性\n"
	expect(t, text,
		want{title: "细颗粒物平均浓度", value: 26, unit: "微克/立方米", deadline: date(2030, 12, 31), baseline: 29},
		want{title: "森林覆盖率", value: 42.5, unit: "%", deadline: date(2030, 12, 31), baseline: 41.2})
}

func TestGenreTwoRowHeader(t *testing.T) {
	text := "某县教育事业发展规划\n\n专栏 主要指标\n" +
		"指标\t单位\t基期值\t目标值\t属性\n" +
		"\t\t2025年\t2030年\t\n" +
		"学前教育毛入园率\t%\t92\t96\t预期性\n"
	expect(t, text,
		want{title: "学前教育毛入园率", value: 96, unit: "%", deadline: date(2030, 12, 31), baseline: 92})
}

func TestGenreTitleOnTwoLines(t *testing.T) {
	text := "某某县人民政府关于印发\n某某县全民健身实施计划（2026—2030年）的通知\n\n各乡镇人民政府：\n现将计划印发给你们。\n\n一、主要目标\n经常参加体育锻炼人数比例达到42%。\n"
	d := expect(t, text, want{title: "经常参加体育锻炼人数比例", value: 42, deadline: date(2030, 12, 31)})
	if d.Plan.PeriodEnd.Year() != 2030 || d.Plan.PeriodStart.Year() != 2026 {
		t.Errorf("period %s–%s, want 2026–2030", d.Plan.PeriodStart, d.Plan.PeriodEnd)
	}
}

func TestGenreBriefing(t *testing.T) {
	text := "我市召开城市更新行动新闻发布会\n发布时间：2026-03-18\n\n" +
		"3月18日，市政府新闻办召开新闻发布会。\n" +
		"据介绍，“十四五”期间，全市累计改造老旧小区1100个，惠及居民42万户。2025年全市城市更新投资同比增长12%。\n" +
		"市住建局负责人表示，到2027年，我市将完成城镇老旧小区改造600个，新增城市绿道200公里。\n" +
		"今年，全市计划新开工棚户区改造安置房8000套，力争城市生命线安全工程覆盖率达到90%。\n" +
		"目前，全市共有城市公园158个。\n"
	expect(t, text,
		want{title: "老旧小区改造", kind: "cumulative", value: 600, unit: "个", deadline: date(2027, 12, 31)},
		want{title: "城市绿道", kind: "cumulative", value: 200, unit: "公里", deadline: date(2027, 12, 31)},
		want{title: "安置房", kind: "cumulative", value: 8000, unit: "套", deadline: date(2026, 12, 31)},
		want{title: "覆盖率", kind: "level", value: 90, unit: "%", deadline: date(2026, 12, 31), aspire: true})
}

func TestGenrePrecisionTraps(t *testing.T) {
	cases := []struct{ name, body string }{
		{"present counts", "全县现有养老机构45家，床位3200张。目前全县共有村卫生室212个。"},
		{"investment total", "项目总投资12.5亿元，计划投资3亿元。"},
		{"procedural counts", "出台3个配套文件，召开推进会4次。"},
		{"age and size qualifiers", "为65岁以上老年人提供健康体检服务，推动500人以上企业设立母婴室。"},
		{"phone", "咨询电话：0411-12345678，服务热线12345。"},
		{"names with figures", "推进5G基站建设，打造15分钟便民生活圈，关爱95后新就业群体。"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) { expect(t, goalDoc(c.body)) })
	}
}

func TestGenreWorkReportPastYear(t *testing.T) {
	text := "2026年某县政府工作报告\n\n一、2025年工作回顾\n过去一年，新增城镇就业5200人。\n\n二、2026年主要目标和重点工作\n" +
		"2025年城镇居民人均可支配收入增长5.1%。今年城镇新增就业5000人以上，城镇调查失业率控制在5.5%以内。\n"
	expect(t, text,
		want{title: "城镇新增就业", value: 5000, deadline: date(2026, 12, 31)},
		want{title: "城镇调查失业率", cmp: "<=", value: 5.5, deadline: date(2026, 12, 31)})
}

func TestGenreWorkReportTargets(t *testing.T) {
	text := "2026年某市政府工作报告\n\n二、2026年工作安排\n" +
		"今年经济社会发展的主要预期目标是：地区生产总值增长5.5%左右；一般公共预算收入增长4%；城镇新增就业1.2万人；居民人均可支配收入增长与经济增长同步；粮食产量稳定在50万吨以上；单位地区生产总值能耗降低2%左右。\n"
	end := date(2026, 12, 31)
	expect(t, text,
		want{title: "地区生产总值", kind: "rate", cmp: "=", value: 5.5, unit: "%", approx: true, deadline: end},
		want{title: "一般公共预算收入", kind: "rate", value: 4, deadline: end},
		want{title: "城镇新增就业", value: 1.2, unit: "万人", deadline: end},
		want{title: "居民人均可支配收入增长与经济增长", kind: "relative", noValue: true},
		want{title: "粮食产量", kind: "maintain", value: 50, unit: "万吨"},
		want{title: "单位地区生产总值能耗", kind: "rate", value: 2, approx: true})
}

func TestGenreNewsYearWithoutTo(t *testing.T) {
	text := "我县今年将新建改建农村公路120公里\n发布时间：2026-02-10\n\n" +
		"记者从县交通运输局获悉，2025年全县新改建农村公路98公里，比上年增加12公里，已建成“四好农村路”示范乡镇3个。\n" +
		"2026年，我县将新改建农村公路120公里，计划完成危桥改造15座。\n" +
		"该局负责人说，全县农村公路列养率多年保持在100%。\n"
	expect(t, text,
		want{title: "农村公路", kind: "cumulative", value: 120, unit: "公里", deadline: date(2026, 12, 31)},
		want{title: "危桥改造", kind: "cumulative", value: 15, unit: "座", deadline: date(2026, 12, 31)})
}

func TestGenreTaskTable(t *testing.T) {
	text := "某区2026年民生实事项目\n\n" +
		"序号\t项目名称\t目标任务\t牵头单位\t完成时限\n" +
		"1\t托育服务\t新增普惠性托位600个\t区卫健局\t2026年12月底前\n" +
		"2\t老年助餐\t建设社区老年助餐点20个，其中农村助餐点不少于8个\t区民政局\t2026年10月底前\n"
	expect(t, text,
		want{title: "普惠性托位", kind: "cumulative", value: 600, unit: "个", lead: "区卫健局", deadline: date(2026, 12, 31)},
		want{title: "老年助餐点", value: 20, lead: "区民政局", deadline: date(2026, 10, 31)},
		want{title: "农村助餐点", value: 8, lead: "区民政局", deadline: date(2026, 10, 31)})
}

func TestGenreProgressIsNotTarget(t *testing.T) {
	text := "某市民生实事推进情况\n发布时间：2026-10-12\n\n" +
		"今年以来，市财政已安排资金3.2亿元，已下达补助资金8000万元。全市12个事项已完成全年任务的88%，环比提高6个百分点。\n" +
		"下一步，我市将确保年底前完成老旧小区改造120个。\n"
	expect(t, text,
		want{title: "老旧小区改造", value: 120, unit: "个", deadline: date(2026, 12, 31)})
}

func TestGenreProgressInPlan(t *testing.T) {
	expect(t, goalDoc("今年已安排专项资金3.2亿元。各项目累计完成全年任务的88%。新建社区食堂30个。"),
		want{title: "社区食堂", value: 30, unit: "个"})
}
