package extract

import "testing"

// More patterns of the genre, in texts written for these tests after
// reading real 考核细则, 工作要点, 民生实事 lists, 十五五 纲要 indicator
// tables, implementation plans and press briefings (paraphrased, not
// copied).

// A document for one year that says its year only in its title: every
// target without a deadline of its own is due at that year's end.
func TestGenre3OneYearTitle(t *testing.T) {
	end := date(2026, 12, 31)
	cases := []struct {
		name, text string
		want       []want
	}{
		{"考核细则", "某市2026年度生态环境保护目标责任考核细则\n\n一、考核内容\n1.空气质量优良天数比率达到87%以上。\n2.新建城镇污水管网30公里。\n",
			[]want{{title: "空气质量优良天数比率", value: 87, deadline: end}, {title: "污水管网", value: 30, unit: "公里", kind: "cumulative", deadline: end}}},
		{"工作要点", "中共某县委办公室 某县人民政府办公室关于印发\n《某县2026年乡村振兴工作要点》的通知\n\n各乡镇：\n现将要点印发给你们。\n\n一、重点工作\n（一）农村卫生厕所普及率达到92%。\n",
			[]want{{title: "农村卫生厕所普及率", value: 92, deadline: end}}},
		{"民生实事项目", "某区2026年民生实事项目\n\n一、教育\n1.新增公办学位3000个。牵头单位：区教育局\n",
			[]want{{title: "公办学位", value: 3000, unit: "个", deadline: end, lead: "区教育局"}}},
		{"work report without the year in its title", "政府工作报告\n——2026年1月9日在某县第十八届人民代表大会第五次会议上\n\n一、2025年工作回顾\n过去一年，城镇新增就业5100人。\n\n二、2026年工作安排\n城镇新增就业5000人以上。\n",
			[]want{{title: "城镇新增就业", value: 5000, deadline: end}}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) { expect(t, c.text, c.want...) })
	}
}

// Tables pasted from a web page or Markdown as pipe lines, with the columns
// of an assessment list: 权重 is no target, 2025年完成值 the baseline,
// 2026年目标 the target, 牵头考核部门 the lead.
func TestGenre3PipeAssessmentTable(t *testing.T) {
	end := date(2026, 12, 31)
	for _, sep := range []string{"|---|---|---|---|---|---|---|\n", ""} {
		text := "某市2026年度高质量发展综合考核细则\n\n一、考核指标\n" +
			"| 序号 | 指标 | 单位 | 权重 | 2025年完成值 | 2026年目标 | 牵头考核部门 |\n" + sep +
			"| 1 | 地区生产总值增速 | % | 10 | 5.2 | 5.5左右 | 市发展改革委 |\n" +
			"| 2 | 城镇新增就业 | 万人 | 5 | 1.1 | ≥1.2 | 市人力资源社会保障局 |\n" +
			"| 3 | 空气质量优良天数比率 | % | 8 | 86.3 | 87 | 市生态环境局 |\n"
		expect(t, text,
			want{title: "地区生产总值增速", kind: "rate", cmp: "=", value: 5.5, unit: "%", approx: true, deadline: end, baseline: 5.2, lead: "市发展改革委"},
			want{title: "城镇新增就业", cmp: ">=", value: 1.2, unit: "万人", deadline: end, baseline: 1.1, lead: "市人力资源社会保障局"},
			want{title: "空气质量优良天数比率", kind: "level", value: 87, unit: "%", deadline: end, baseline: 86.3, lead: "市生态环境局"})
	}
}

// Weights, scores, deductions, grade bands and 一票否决 are the rules of
// the assessment, not targets.
func TestGenre3ScoringRules(t *testing.T) {
	text := "某县2026年度乡村振兴实绩考核评分标准\n\n一、考核指标\n" +
		"1.农村生活污水治理率达到45%（权重8分）。完成目标得满分，每低1个百分点扣0.5分，扣完为止。\n" +
		"2.农村集体经济收入10万元以上的村占比达到80%，分值占比10%。\n" +
		"二、结果运用\n考核总分100分，90分以上为优秀，75分至89分为良好，60分以下为不合格。发生重大安全事故的实行一票否决。获得国家表彰的加2分。\n"
	end := date(2026, 12, 31)
	expect(t, text,
		want{title: "农村生活污水治理率", value: 45, unit: "%", deadline: end},
		want{title: "村占比", value: 80, unit: "%", deadline: end})
}

// A score can be the target itself (满意度达到90分以上), outside the rules
// of an assessment; and the title does not carry the weight.
func TestGenre3ScoreAsTarget(t *testing.T) {
	expect(t, goalDoc("群众对政务服务满意度测评得分达到90分以上。"),
		want{title: "政务服务满意度测评", cmp: ">=", value: 90, unit: "分"})
	text := "某市2026年度河湖长制工作考核细则\n\n一、考核内容\n1.重点河湖水质达标率达到92%（权重10分）。\n2.水功能区水质达标率（占15%）达到95%。\n"
	end := date(2026, 12, 31)
	d := expect(t, text,
		want{title: "重点河湖水质达标率", value: 92, deadline: end},
		want{title: "水功能区水质达标率", value: 95, deadline: end})
	for _, c := range d.Targets {
		if c.Title != "重点河湖水质达标率" && c.Title != "水功能区水质达标率" {
			t.Errorf("title %q carries the weight", c.Title)
		}
	}
}

// A target cell written with its verb (下降4.5%, 较2025年提高2个百分点,
// 控制在省下达指标内) reads like a clause.
func TestGenre3TableCellWithVerb(t *testing.T) {
	text := "某市2026年度节能减排目标责任考核细则\n\n一、考核指标\n" +
		"指标\t2026年目标\t牵头考核部门\n" +
		"单位地区生产总值能耗\t下降2.5%\t市发展改革委\n" +
		"城市生活垃圾回收利用率\t提高到38%\t市城管局\n"
	end := date(2026, 12, 31)
	expect(t, text,
		want{title: "单位地区生产总值能耗", kind: "rate", value: 2.5, unit: "%", deadline: end, lead: "市发展改革委"},
		want{title: "城市生活垃圾回收利用率", kind: "level", cmp: ">=", value: 38, unit: "%", deadline: end, lead: "市城管局"})
}

// An indicator table as pdftotext -layout writes it: cells set apart by
// runs of blanks, placed by column; a header split inside its cell
// (指        标), a second header line ([累计]), a category column written
// once, an indicator name wrapped onto a line of its own, `[ ]` five-year
// totals, ≤ / > / 左右 in cells and — for no value.
func TestGenre3LayoutIndicatorTable(t *testing.T) {
	text := "某省“十五五”经济社会发展规划纲要\n\n专栏1  “十五五”时期经济社会发展主要指标\n\n" +
		"  类别          指        标                                2025年      2030年        年均增长      属性\n" +
		"                                                                                       [累计]\n" +
		"                地区生产总值增长（%）                        5.5          —            5左右        预期性\n" +
		"  经济发展      常住人口城镇化率（%）                        62.5         66           [3.5]        预期性\n" +
		"                每万人口高价值发明专利拥有量                 8.1         14.5            —          预期性\n" +
		"                （件）\n" +
		"  民生福祉      城镇新增就业（万人）                          —           —            [350]        预期性\n" +
		"                城镇调查失业率（%）                          5.2         <5.5            —          预期性\n" +
		"  绿色生态      单位地区生产总值能源消耗降低（%）             —           —       [完成国家下达任务]  约束性\n" +
		"                细颗粒物平均浓度（微克/立方米）               29         ≤26             —          约束性\n" +
		"  安全保障      粮食综合生产能力（万吨）                     620         >620            —          约束性\n" +
		"\n注：[ ]内为五年累计数。\n"
	end := date(2030, 12, 31)
	expect(t, text,
		want{title: "地区生产总值增长", kind: "rate", cmp: "=", value: 5, unit: "%", approx: true, deadline: end},
		want{title: "常住人口城镇化率", kind: "level", cmp: ">=", value: 66, unit: "%", deadline: end, baseline: 62.5},
		want{title: "每万人口高价值发明专利拥有量", kind: "level", value: 14.5, unit: "件", deadline: end, baseline: 8.1},
		want{title: "城镇新增就业", kind: "cumulative", value: 350, unit: "万人", deadline: end},
		want{title: "城镇调查失业率", kind: "level", cmp: "<", value: 5.5, unit: "%", deadline: end, baseline: 5.2},
		want{title: "单位地区生产总值能源消耗降低", kind: "milestone", noValue: true, deadline: end},
		want{title: "细颗粒物平均浓度", kind: "level", cmp: "<=", value: 26, unit: "微克/立方米", deadline: end, baseline: 29},
		want{title: "粮食综合生产能力", kind: "level", cmp: ">", value: 620, unit: "万吨", deadline: end, baseline: 620})
}

// An indicator stated in the text and again in the table is one target:
// the table's row, with its baseline.
func TestGenre3ProseAndTableOneTarget(t *testing.T) {
	text := "某市“十五五”生态环境保护规划\n\n一、主要目标\n到2030年，细颗粒物平均浓度降至26微克/立方米以下，森林覆盖率达到42.5%，新增城市绿道300公里。\n\n专栏1 主要指标\n" +
		"指标\t单位\t2025年\t2030年\t属性\n" +
		"细颗粒物平均浓度\t微克/立方米\t29\t≤26\t约束性\n" +
		"森林覆盖率\t%\t41.2\t42.5\t约束性\n"
	end := date(2030, 12, 31)
	expect(t, text,
		want{title: "城市绿道", value: 300, unit: "公里", deadline: end},
		want{title: "细颗粒物平均浓度", cmp: "<=", value: 26, deadline: end, baseline: 29},
		want{title: "森林覆盖率", value: 42.5, deadline: end, baseline: 41.2})
}

// A task heading's deadline (（一）2026年底前…, 2.2027年6月底前…) governs the
// targets of the task's body and its owner line.
func TestGenre3TaskHeadingDeadline(t *testing.T) {
	text := "某县推进县域商业体系建设实施方案\n\n一、重点任务\n" +
		"（一）2026年底前，改造乡镇商贸中心。改造提升乡镇商贸中心8个，建设村级便民商店60个。\n责任单位：县商务局（牵头）、县财政局\n" +
		"（二）2027年6月底前，完善农村物流网络。建设县级物流配送中心1个，开通农村物流配送线路12条。\n责任单位：县交通运输局（牵头）\n" +
		"二、保障措施\n到2028年，农村网络零售额达到5亿元。\n"
	expect(t, text,
		want{title: "乡镇商贸中心", value: 8, unit: "个", deadline: date(2026, 12, 31), lead: "县商务局"},
		want{title: "村级便民商店", value: 60, unit: "个", deadline: date(2026, 12, 31), lead: "县商务局"},
		want{title: "县级物流配送中心", value: 1, unit: "个", deadline: date(2027, 6, 30), lead: "县交通运输局"},
		want{title: "农村物流配送线路", value: 12, unit: "条", deadline: date(2027, 6, 30), lead: "县交通运输局"},
		want{title: "农村网络零售额", value: 5, unit: "亿元", deadline: date(2028, 12, 31)})
}

// A press briefing that paraphrases a plan: only what it commits to is a
// target; the present, remarks without figures, subsidy rules and a
// headline repeating a target are not.
func TestGenre3BriefingPrecision(t *testing.T) {
	text := "我市到2027年将培育低空经济企业50家\n发布时间：2026-04-20\n\n" +
		"4月20日，市政府新闻办召开《某市低空经济高质量发展行动方案（2026—2027年）》新闻发布会。\n" +
		"市发展改革委主任介绍，目前全市已有低空经济相关企业32家，现已开通无人机物流航线6条，2025年低空经济规模同比增长35%。\n" +
		"他表示，我市将坚持应用牵引、场景开放，努力打造全国一流的低空经济发展高地。\n" +
		"根据方案，到2027年，我市低空经济企业将达到50家，开通无人机物流航线30条，低空经济规模达到100亿元。\n" +
		"在政策支持方面，对新购置载人eVTOL的企业，按购置价格的10%给予补贴，单个企业最高不超过2000万元；对开通的无人机物流航线，每架次补助50元。\n" +
		"全市12个区县都将建设低空飞行服务站，力争2026年底前新建起降点120个。\n"
	expect(t, text,
		want{title: "低空经济企业", kind: "level", value: 50, unit: "家", deadline: date(2027, 12, 31)},
		want{title: "无人机物流航线", kind: "level", value: 30, unit: "条", deadline: date(2027, 12, 31)},
		want{title: "低空经济规模", kind: "level", value: 100, unit: "亿元", deadline: date(2027, 12, 31)},
		want{title: "起降点", kind: "cumulative", value: 120, unit: "个", deadline: date(2026, 12, 31), aspire: true})
}

// The scope of a programme (涉及居民2.3万户, 建筑面积180万平方米, 全市12个
// 区县) is not a target when another figure is the commitment.
func TestGenre3ScopeFigures(t *testing.T) {
	expect(t, goalDoc("实施老旧小区改造120个，涉及居民2.3万户、建筑面积180万平方米。新建公办幼儿园3所，总建筑面积2.1万平方米，新增学位1080个。在全市12个区县推广智慧停车，新增公共停车泊位5000个。"),
		want{title: "老旧小区改造", value: 120, unit: "个"},
		want{title: "公办幼儿园", value: 3, unit: "所"},
		want{title: "学位", value: 1080, unit: "个"},
		want{title: "公共停车泊位", value: 5000, unit: "个"})
}

// A briefing's questions, remarks without figures, and a target told again
// in other words are no new targets.
func TestGenre3BriefingRepeats(t *testing.T) {
	text := "市住建局就城市更新三年行动答记者问\n发布时间：2026-05-12\n\n" +
		"问：到2027年，我市老旧小区改造要完成多少个？\n" +
		"答：根据行动方案，到2027年，全市将完成城镇老旧小区改造600个，新建口袋公园80个。\n" +
		"我们将确保城市更新工作取得明显成效，让群众有更多获得感。\n" +
		"总的来看，到2027年，600个老旧小区改造任务将全部完成。\n"
	expect(t, text,
		want{title: "老旧小区改造", value: 600, unit: "个", deadline: date(2027, 12, 31)},
		want{title: "口袋公园", value: 80, unit: "个", deadline: date(2027, 12, 31)})
}

// Progress told in a briefing (1-9月份…, 今年以来…, 前三个月…) is the
// present, not a target; the year's plan in the same text is.
func TestGenre3BriefingProgress(t *testing.T) {
	text := "全市城镇老旧小区改造进展情况通报\n发布时间：2026-10-20\n\n" +
		"2026年，全市计划新开工改造城镇老旧小区540个。根据各区统计上报数据，1-9月份，全市新开工改造城镇老旧小区480个。\n" +
		"今年以来，全市新增停车位8500个，前三个月加装电梯120部。\n"
	expect(t, text,
		want{title: "城镇老旧小区", value: 540, unit: "个", deadline: date(2026, 12, 31)})
}

// The lead paragraph of a news page tells the target the body tells again
// in other words: one target.
func TestGenre3NewsLeadRepeats(t *testing.T) {
	text := "我市城市更新三年行动方案出台\n发布时间：2026-03-02\n\n" +
		"记者从市住建局获悉，到2027年我市将完成600个老旧小区改造。\n" +
		"方案提出，到2027年，全市将完成城镇老旧小区改造600个，改造城市燃气管网420公里。\n"
	expect(t, text,
		want{title: "老旧小区改造", value: 600, unit: "个", deadline: date(2027, 12, 31)},
		want{title: "城市燃气管网", value: 420, unit: "公里", deadline: date(2027, 12, 31)})
}

// An assessment item's 牵头考核部门 / 考核部门 line names its lead.
func TestGenre3AssessmentOwnerLine(t *testing.T) {
	text := "某市2026年度生态文明建设目标评价考核细则\n\n一、考核指标\n" +
		"1.细颗粒物平均浓度控制在30微克/立方米以内（8分）。牵头考核部门：市生态环境局；配合部门：市住建局、市交通运输局。\n" +
		"2.森林覆盖率保持在41.5%以上（5分）。考核部门：市林业局\n"
	end := date(2026, 12, 31)
	expect(t, text,
		want{title: "细颗粒物平均浓度", cmp: "<=", value: 30, unit: "微克/立方米", deadline: end, lead: "市生态环境局"},
		want{title: "森林覆盖率", kind: "maintain", value: 41.5, deadline: end, lead: "市林业局"})
}

// Other headers of assessment tables: 指标值 holds the target, 基数 /
// 上年实际 the baseline, 权重(%) nothing, 考核责任单位 the lead.
func TestGenre3AssessmentHeaders(t *testing.T) {
	end := date(2026, 12, 31)
	text := "某县2026年度高质量发展绩效考核细则\n\n一、考核指标\n" +
		"考核指标\t上年实际\t2026年指标值\t权重（%）\t考核责任单位\n" +
		"规模以上工业增加值增速（%）\t6.1\t7\t5\t县工信局\n" +
		"城镇居民人均可支配收入（元）\t42100\t44500\t4\t县统计局、县人社局\n"
	expect(t, text,
		want{title: "规模以上工业增加值增速", kind: "rate", value: 7, unit: "%", deadline: end, baseline: 6.1, lead: "县工信局"},
		want{title: "城镇居民人均可支配收入", kind: "level", value: 44500, unit: "元", deadline: end, baseline: 42100, lead: "县统计局"})
}

// Farmers' income: a ratio written without its :1 (收入比缩小到2.1以内), a
// coefficient, and growth faster than the towns' (快于).
func TestGenre3IncomeRatio(t *testing.T) {
	expect(t, goalDoc("力争城乡居民收入比缩小到2.1以内，农村居民恩格尔系数降至28以下，农村居民人均可支配收入增速快于城镇居民。"),
		want{title: "城乡居民收入比", kind: "ratio", cmp: "<=", value: 2.1, aspire: true},
		want{title: "农村居民恩格尔系数", kind: "level", cmp: "<=", value: 28, aspire: true},
		want{title: "农村居民人均可支配收入增速", kind: "relative", cmp: ">", noValue: true, aspire: true})
}

// 守住不发生规模性返贫底线 is a zero target.
func TestGenre3NoLargeScaleRelapse(t *testing.T) {
	expect(t, goalDoc("到2026年，坚决守住不发生规模性返贫致贫底线。"),
		want{title: "规模性返贫", kind: "zero", noValue: true, deadline: date(2026, 12, 31)})
}

// 力争 marks only the figure it stands before (达到3万元以上、力争达到3.2万元);
// 增速高于城镇居民 is relative; 全部 is no part of a title.
func TestGenre3AspireOnlyAfter(t *testing.T) {
	expect(t, goalDoc("到2026年，农村居民人均可支配收入达到3万元以上、力争达到3.2万元，增速持续高于城镇居民。村级集体经济经营性收入全部达到10万元以上。"),
		want{title: "农村居民人均可支配收入", value: 3, unit: "万元"},
		want{title: "农村居民人均可支配收入", value: 3.2, unit: "万元", aspire: true},
		want{title: "增速", kind: "relative", cmp: ">", noValue: true},
		want{title: "村级集体经济经营性收入", value: 10, unit: "万元"})
}
