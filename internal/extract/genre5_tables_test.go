package extract

import (
	"strings"
	"testing"
)

// Indicator and task tables as they arrive in plain text from real
// documents: pdftotext -layout output (header cells on two or three lines,
// indicator names wrapped above or below the line with the figures, a
// category written once per group, cells joined by a single blank),
// tab-separated and pipe tables (序号, 现状值/目标值 with the years on a
// second header row, 其中： sub-rows, cells without a figure), and task
// tables whose deadline and owners come from their columns. The texts were
// written for these tests.

// A layout table whose header takes two lines: the years above （基期值） /
// （目标值）, 指标 above 属性; a name wrapped onto a line of its own, a unit
// wrapped under its cell, a category only on a group's first row, cells
// without a figure (持续提高, 完成省下达任务) and a footnote.
func TestGenre5LayoutTwoLineHeader(t *testing.T) {
	text := "某市国民经济和社会发展第十五个五年规划纲要\n\n专栏2  “十五五”时期全市经济社会发展主要指标\n\n" +
		"  类别        指标名称                                单位        2025年        2030年        指标\n" +
		"                                                                （基期值）    （目标值）     属性\n" +
		"              地区生产总值年均增长                      %          6.1           5.5左右        预期性\n" +
		"  经济发展    数字经济核心产业增加值占地区生产总值      %          9.8           15             预期性\n" +
		"              比重\n" +
		"              规模以上工业企业研发机构覆盖率            %          38            >50            预期性\n" +
		"  民生福祉    城镇新增就业                              万人       —             [60]           预期性\n" +
		"              城镇调查失业率                            %          5.3           <5.5           预期性\n" +
		"              基本养老保险参保率                        %          95            >95            预期性\n" +
		"  绿色低碳    单位地区生产总值能源消耗降低              %          —        [完成省下达任务]    约束性\n" +
		"              细颗粒物平均浓度                        微克/        30            ≤27            约束性\n" +
		"                                                      立方米\n" +
		"              森林覆盖率                                %          41.3          持续提高       约束性\n" +
		"\n  注：[ ]内为五年累计数；2025年为预计数。\n"
	end := date(2030, 12, 31)
	d := expect(t, text,
		want{title: "地区生产总值年均增长", kind: "rate", cmp: "=", value: 5.5, unit: "%", approx: true, deadline: end, baseline: 6.1},
		want{title: "数字经济核心产业增加值占地区生产总值比重", kind: "level", value: 15, unit: "%", deadline: end, baseline: 9.8},
		want{title: "研发机构覆盖率", kind: "level", cmp: ">", value: 50, unit: "%", deadline: end, baseline: 38},
		want{title: "城镇新增就业", kind: "cumulative", value: 60, unit: "万人", deadline: end},
		want{title: "城镇调查失业率", kind: "level", cmp: "<", value: 5.5, unit: "%", deadline: end, baseline: 5.3},
		want{title: "基本养老保险参保率", kind: "level", cmp: ">", value: 95, unit: "%", deadline: end, baseline: 95},
		want{title: "能源消耗降低", kind: "milestone", noValue: true, deadline: end},
		want{title: "细颗粒物平均浓度", kind: "level", cmp: "<=", value: 27, unit: "微克/立方米", deadline: end, baseline: 30},
		want{title: "森林覆盖率", kind: "trend", cmp: ">", noValue: true, deadline: end})
	for _, c := range d.Targets {
		if strings.Contains(c.Title, "属性") || strings.Contains(c.Title, "基期") {
			t.Errorf("a header line became a target: %q", c.Title)
		}
	}
}

// The header's labels on the first line and what they mean on the second:
// 计量 above 单位, 基期值 above （2025年）, 年均增长 above （%）; a 序号
// column; a growth column holding the only figure of a row.
func TestGenre5LayoutHeaderLabelsAbove(t *testing.T) {
	text := "某县“十五五”工业经济发展规划\n\n表1  “十五五”工业经济发展主要指标\n\n" +
		" 序号   指标名称                        计量        基期值        目标值        年均增长        指标\n" +
		"                                        单位      （2025年）    （2030年）       （%）          属性\n" +
		"  1     规模以上工业增加值              亿元         210           290            6.5           预期性\n" +
		"  2     工业投资                        亿元         —             —              8左右         预期性\n" +
		"  3     高新技术企业数量                家           126           200            —             预期性\n" +
		"  4     规模以上工业单位增加值能耗      吨标准煤/    0.52          <0.47          —             约束性\n" +
		"        （万元）\n"
	end := date(2030, 12, 31)
	expect(t, text,
		want{title: "规模以上工业增加值", kind: "level", value: 290, unit: "亿元", deadline: end, baseline: 210},
		want{title: "规模以上工业增加值年均增长", kind: "rate", value: 6.5, unit: "%", deadline: end},
		want{title: "工业投资", kind: "rate", cmp: "=", value: 8, unit: "%", approx: true, deadline: end},
		want{title: "高新技术企业数量", kind: "level", value: 200, unit: "家", deadline: end, baseline: 126},
		want{title: "单位增加值能耗", kind: "level", cmp: "<", value: 0.47, deadline: end, baseline: 0.52})
}

// Rows set out as a word processor centres them: the single-line cells sit
// on the middle line of a three-line header, and a wrapped indicator name
// is split above and below the line with its figures, or starts on the
// line above them.
func TestGenre5LayoutCentredRows(t *testing.T) {
	text := "某市“十五五”生态环境保护规划\n\n专栏1  生态环境保护主要指标\n\n" +
		"                                                          2025年       2030年\n" +
		"  类别      指标（单位）                                                             属性\n" +
		"                                                         （现状值）   （目标值）\n" +
		"            地级及以上城市空气质量优良天数\n" +
		"  环境质量                                                 86.1          88          约束性\n" +
		"            比率（%）\n" +
		"            地表水国控断面水质优良（达到或\n" +
		"            好于Ⅲ类）比例（%）                             90           >93          约束性\n" +
		"  应对气候  非化石能源占能源消费总量比重（%）                  19.5         25          预期性\n" +
		"  变化\n"
	end := date(2030, 12, 31)
	expect(t, text,
		want{title: "空气质量优良天数比率", kind: "level", value: 88, unit: "%", deadline: end, baseline: 86.1},
		want{title: "地表水国控断面水质优良（达到或好于Ⅲ类）比例", kind: "level", cmp: ">", value: 93, unit: "%", deadline: end, baseline: 90},
		want{title: "非化石能源占能源消费总量比重", kind: "level", value: 25, unit: "%", deadline: end, baseline: 19.5})
}

// A name cell and the figure beside it set apart by a single blank: the
// figure still belongs to its column.
func TestGenre5LayoutSingleBlank(t *testing.T) {
	text := "某省“十五五”生态省建设规划\n\n专栏3  主要指标\n\n" +
		"  指标（单位）                                        2025年      2030年      属性\n" +
		"  县级及以上城市细颗粒物（PM2.5）浓度（微克/立方米） 31.2        ≤28         约束性\n" +
		"  森林覆盖率（%）                                     61.5        62          约束性\n" +
		"  湿地保护率（%）                                     55 58           预期性\n"
	end := date(2030, 12, 31)
	expect(t, text,
		want{title: "细颗粒物（PM2.5）浓度", kind: "level", cmp: "<=", value: 28, unit: "微克/立方米", deadline: end, baseline: 31.2},
		want{title: "森林覆盖率", kind: "level", value: 62, unit: "%", deadline: end, baseline: 61.5},
		want{title: "湿地保护率", kind: "level", value: 58, unit: "%", deadline: end, baseline: 55})
}

// A tab-separated table with a 序号 column, 现状值 / 目标值 with their
// years on a second header row, an 其中： sub-row, an indicator whose name
// starts with a figure, and cells without a number.
func TestGenre5TabTableVariants(t *testing.T) {
	text := "某市“十五五”卫生健康事业发展规划\n\n专栏1  卫生健康发展主要指标\n" +
		"序号\t领域\t指标\t单位\t现状值\t目标值\t指标属性\n" +
		"\t\t\t\t2025年\t2030年\t\n" +
		"1\t健康水平\t人均预期寿命\t岁\t79.4\t80以上\t预期性\n" +
		"2\t\t15岁以上人群吸烟率\t%\t23.1\t<20\t预期性\n" +
		"3\t服务能力\t每千人口执业（助理）医师数\t人\t3.2\t3.6\t预期性\n" +
		"\t\t其中：每万人口全科医生数\t人\t3.9\t≥5\t约束性\n" +
		"4\t\t二级及以上公立医院预约诊疗率\t%\t65\t≥65\t预期性\n" +
		"5\t健康保障\t个人卫生支出占卫生总费用比重\t%\t26.5\t持续下降\t约束性\n" +
		"6\t\t严重精神障碍患者规范管理率\t%\t93\t完成省下达任务\t约束性\n" +
		"注：现状值为2025年预计数。\n"
	end := date(2030, 12, 31)
	d := expect(t, text,
		want{title: "人均预期寿命", kind: "level", value: 80, unit: "岁", deadline: end, baseline: 79.4},
		want{title: "15岁以上人群吸烟率", kind: "level", cmp: "<", value: 20, unit: "%", deadline: end, baseline: 23.1},
		want{title: "每千人口执业（助理）医师数", kind: "level", value: 3.6, unit: "人", deadline: end, baseline: 3.2},
		want{title: "每万人口全科医生数", kind: "level", value: 5, unit: "人", deadline: end, baseline: 3.9},
		want{title: "预约诊疗率", kind: "level", value: 65, unit: "%", deadline: end, baseline: 65},
		want{title: "个人卫生支出", kind: "trend", cmp: "<", noValue: true, deadline: end},
		want{title: "规范管理率", kind: "milestone", noValue: true, deadline: end})
	if d.Targets[3].Title != "每万人口全科医生数" {
		t.Errorf("sub-row title %q, want it without 其中：", d.Targets[3].Title)
	}
}

// A pipe table with the years in the header cells (基期值（2025年）), a
// 累计 column, baselines written with their units, and target cells
// written as words: 保持清零 / 基本消除 are zero targets, 稳定在…以上 is
// kept, 控制在…以内 is a level, each with its baseline.
func TestGenre5PipeTableCells(t *testing.T) {
	text := "某县2026年度污染防治攻坚战目标任务\n\n一、年度目标\n" +
		"| 序号 | 指标名称 | 基期值（2025年） | 目标值（2026年） | 责任单位 |\n" +
		"| --- | --- | --- | --- | --- |\n" +
		"| 1 | 细颗粒物年均浓度 | 32.5微克/立方米 | 控制在31微克/立方米以内 | 县生态环境分局 |\n" +
		"| 2 | 县控断面水质优良比例 | 87.5% | 稳定在87.5%以上 | 县生态环境分局、县水利局 |\n" +
		"| 3 | 城市建成区黑臭水体 | 1处 | 基本消除 | 县住建局 |\n" +
		"| 4 | 农村饮用水水源地超标断面 | 0个 | 保持清零 | 县水利局 |\n" +
		"| 5 | 受污染耕地安全利用率 | 91% | ≥92% | 县农业农村局 |\n"
	end := date(2026, 12, 31)
	expect(t, text,
		want{title: "细颗粒物年均浓度", kind: "level", cmp: "<=", value: 31, unit: "微克/立方米", deadline: end, baseline: 32.5, lead: "县生态环境分局"},
		want{title: "县控断面水质优良比例", kind: "maintain", value: 87.5, unit: "%", deadline: end, baseline: 87.5, lead: "县生态环境分局"},
		want{title: "黑臭水体", kind: "zero", noValue: true, deadline: end, lead: "县住建局"},
		want{title: "超标断面", kind: "zero", noValue: true, deadline: end, lead: "县水利局"},
		want{title: "受污染耕地安全利用率", kind: "level", value: 92, unit: "%", deadline: end, baseline: 91, lead: "县农业农村局"})
}

// A task breakdown table (序号 / 重点任务 / 目标 / 牵头单位 / 配合单位 /
// 完成时限): the target cell is read as a clause, the deadline and the
// owners come from their columns.
func TestGenre5TaskBreakdownTable(t *testing.T) {
	for _, sep := range []string{"\t", " | "} {
		row := func(cells ...string) string {
			if sep == "\t" {
				return strings.Join(cells, "\t") + "\n"
			}
			return "| " + strings.Join(cells, " | ") + " |\n"
		}
		text := "某区推进城市更新行动任务分解表\n\n" +
			row("序号", "重点任务", "目标", "牵头单位", "配合单位", "完成时限") +
			row("1", "老旧小区改造", "完成老旧小区改造45个", "区住房城乡建设局", "各街道办事处", "2026年10月底前") +
			row("2", "口袋公园建设", "新建口袋公园12个", "区城市管理局", "区自然资源分局、区财政局", "2027年6月底前") +
			row("3", "停车设施", "新增公共停车泊位1500个", "区交通运输局", "区公安分局", "2026年12月") +
			row("4", "完善工作机制", "建立城市更新项目库，实行动态管理", "区发展改革局", "", "长期坚持")
		t.Run(strings.TrimSpace(sep), func(t *testing.T) {
			d := expect(t, text,
				want{title: "老旧小区改造", kind: "cumulative", value: 45, unit: "个", deadline: date(2026, 10, 31), lead: "区住房城乡建设局"},
				want{title: "口袋公园", kind: "cumulative", value: 12, unit: "个", deadline: date(2027, 6, 30), lead: "区城市管理局"},
				want{title: "公共停车泊位", kind: "cumulative", value: 1500, unit: "个", deadline: date(2026, 12, 31), lead: "区交通运输局"})
			if r := d.Targets[1].Responsible; len(r) != 2 || r[0] != "区自然资源分局" {
				t.Errorf("responsible %q, want 区自然资源分局 and 区财政局", r)
			}
		})
	}
}

// A column that holds growth rates and five-year totals alike (年均/累计):
// a growth rate when the year's column is empty, a five-year total in
// brackets, and a level for an indicator that is itself a rate (失业率).
func TestGenre5LayoutGrowthOrTotalColumn(t *testing.T) {
	text := "某省国民经济和社会发展第十五个五年规划纲要\n\n表1  主要指标\n\n" +
		"  类别        指标（单位）                          2025年     2030年     年均/累计      属性\n" +
		"              1. 全省生产总值增长（%）                 5.8         —          5左右         预期性\n" +
		"  经济发展    2. 居民人均可支配收入增长（%）           6.0         —       与经济增长同步   预期性\n" +
		"              3. 城镇调查失业率（%）                   5.1         —          <5.5          预期性\n" +
		"  民生福祉    4. 城镇新增就业（万人）                  —           —          [55]          预期性\n" +
		"              5. 人均预期寿命（岁）                    79.5        80.6        —            预期性\n"
	end := date(2030, 12, 31)
	expect(t, text,
		want{title: "全省生产总值增长", kind: "rate", cmp: "=", value: 5, unit: "%", approx: true, deadline: end, baseline: 5.8},
		want{title: "居民人均可支配收入增长", kind: "relative", noValue: true, deadline: end},
		want{title: "城镇调查失业率", kind: "level", cmp: "<", value: 5.5, unit: "%", deadline: end, baseline: 5.1},
		want{title: "城镇新增就业", kind: "cumulative", value: 55, unit: "万人", deadline: end},
		want{title: "人均预期寿命", kind: "level", value: 80.6, unit: "岁", deadline: end, baseline: 79.5})
}

// A task table as pdftotext -layout writes it: the target, owner and
// deadline cells wrapped onto the next lines, several at once.
func TestGenre5LayoutTaskTable(t *testing.T) {
	text := "某区2026年城市更新重点任务分解表\n\n" +
		" 序号   重点任务         工作目标                              牵头单位          配合单位            完成时限\n" +
		"  1     老旧小区改造     完成老旧小区改造45个，同步加装电梯    区住房城乡建设    各街道办事处        2026年10月\n" +
		"                         120部                                 局                                    底前\n" +
		"  2     口袋公园建设     新建口袋公园12个                      区城市管理局      区自然资源分局、    2027年6月底\n" +
		"                                                                                 区财政局            前\n" +
		"  3     停车设施建设     新增公共停车泊位1500个                区交通运输局      区公安分局          2026年12月\n"
	expect(t, text,
		want{title: "老旧小区改造", kind: "cumulative", value: 45, unit: "个", deadline: date(2026, 10, 31), lead: "区住房城乡建设局"},
		want{title: "加装电梯", kind: "cumulative", value: 120, unit: "部", deadline: date(2026, 10, 31), lead: "区住房城乡建设局"},
		want{title: "口袋公园", kind: "cumulative", value: 12, unit: "个", deadline: date(2027, 6, 30), lead: "区城市管理局"},
		want{title: "公共停车泊位", kind: "cumulative", value: 1500, unit: "个", deadline: date(2026, 12, 31), lead: "区交通运输局"})
}

// A tab-separated header on two rows whose second row carries words, not
// only years (（基期值） under 2025年, 属性 under 指标), and a pipe table
// whose years sit under 现状值 / 目标值.
func TestGenre5TwoRowHeaderWords(t *testing.T) {
	end := date(2030, 12, 31)
	text := "某县“十五五”农业农村现代化规划\n\n专栏1 主要指标\n" +
		"指标\t单位\t2025年\t2030年\t指标\n" +
		"\t\t（基期值）\t（目标值）\t属性\n" +
		"粮食综合生产能力\t万吨\t52\t≥53\t约束性\n" +
		"农村居民人均可支配收入\t元\t23600\t31000\t预期性\n"
	expect(t, text,
		want{title: "粮食综合生产能力", value: 53, unit: "万吨", deadline: end, baseline: 52},
		want{title: "农村居民人均可支配收入", value: 31000, unit: "元", deadline: end, baseline: 23600})
	text = "某县“十五五”农业农村现代化规划\n\n专栏1 主要指标\n" +
		"| 指标名称 | 计量单位 | 现状值 | 目标值 | 属性 |\n" +
		"| | | 2025年 | 2030年 | |\n" +
		"| 高标准农田面积 | 万亩 | 48 | 60 | 约束性 |\n"
	expect(t, text, want{title: "高标准农田面积", value: 60, unit: "万亩", deadline: end, baseline: 48})
}

// A table with a column per year (2025年（基数）/2026年/2027年/2028年): each
// year's cell is a target of that year; the base is their baseline; 新增
// rows count things done.
func TestGenre5YearByYearColumns(t *testing.T) {
	text := "某市养老服务三年行动方案（2026—2028年）\n\n二、主要指标\n" +
		"指标＼年度\t单位\t2025年（基数）\t2026年\t2027年\t2028年\t牵头单位\n" +
		"护理型床位占比\t%\t61\t64\t67\t70\t市民政局\n" +
		"新增家庭养老床位\t张\t—\t800\t1000\t1200\t市民政局\n"
	expect(t, text,
		want{title: "护理型床位占比", value: 64, kind: "level", deadline: date(2026, 12, 31), lead: "市民政局", baseline: 61},
		want{title: "护理型床位占比", value: 67, deadline: date(2027, 12, 31), baseline: 61},
		want{title: "护理型床位占比", value: 70, deadline: date(2028, 12, 31), baseline: 61},
		want{title: "新增家庭养老床位", value: 800, kind: "cumulative", deadline: date(2026, 12, 31), noBaseline: true},
		want{title: "新增家庭养老床位", value: 1000, kind: "cumulative", deadline: date(2027, 12, 31)},
		want{title: "新增家庭养老床位", value: 1200, kind: "cumulative", deadline: date(2028, 12, 31)})
}
