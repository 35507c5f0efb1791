package extract

import (
	"strings"
	"testing"
)

// Whole documents in the genre's other layouts, written for these tests.

func TestFiveYearPlanIndicatorTable(t *testing.T) {
	text := strings.Join([]string{
		"当前位置：首页 > 政务公开 > 规划计划",
		"云岭市国民经济和社会发展第十五个五年规划纲要",
		"发布日期：2026-02-10",
		"",
		"第一章 发展基础",
		"“十四五”时期，全市地区生产总值年均增长6.1%，森林覆盖率达到41.2%。",
		"",
		"第二章 主要目标",
		"专栏1 “十五五”时期经济社会发展主要指标",
		"类别\t指标\t单位\t2025年\t2030年\t年均增长\t属性",
		"经济发展\t地区生产总值增长\t%\t6.2\t—\t5.5左右\t预期性",
		"\t研发经费投入强度\t%\t2.6\t3.2\t\t预期性",
		"民生福祉\t城镇调查失业率\t%\t5.1\t<5.5\t\t预期性",
		"\t每千人口拥有3岁以下婴幼儿托位数\t个\t3.5\t≥4.5\t\t预期性",
		"绿色生态\t单位地区生产总值能源消耗降低\t%\t—\t[13.5]\t\t约束性",
		"\t森林覆盖率\t%\t41.2\t>42\t\t约束性",
		"",
		"到“十五五”末，力争全市常住人口城镇化率达到70%。",
	}, "\n")
	d := expect(t, text,
		want{title: "地区生产总值增长", kind: "rate", cmp: "=", value: 5.5, approx: true, deadline: date(2030, 12, 31)},
		want{title: "研发经费投入强度", kind: "level", cmp: ">=", value: 3.2, baseline: 2.6},
		want{title: "城镇调查失业率", kind: "level", cmp: "<", value: 5.5, baseline: 5.1},
		want{title: "婴幼儿托位数", kind: "level", cmp: ">=", value: 4.5, unit: "个", baseline: 3.5},
		want{title: "能源消耗降低", kind: "cumulative", value: 13.5, noBaseline: true},
		want{title: "森林覆盖率", kind: "level", cmp: ">", value: 42, baseline: 41.2},
		want{title: "城镇化率", kind: "level", value: 70, aspire: true, deadline: date(2030, 12, 31)},
	)
	if d.Plan.Title != "云岭市国民经济和社会发展第十五个五年规划纲要" {
		t.Errorf("title %q", d.Plan.Title)
	}
	if !d.Plan.PeriodStart.Equal(date(2026, 1, 1)) || !d.Plan.PeriodEnd.Equal(date(2030, 12, 31)) {
		t.Errorf("period %s–%s, want 2026-01-01–2030-12-31", d.Plan.PeriodStart, d.Plan.PeriodEnd)
	}
	if d.Plan.IssuedOn == nil || !d.Plan.IssuedOn.Equal(date(2026, 2, 10)) {
		t.Errorf("issued %v, want 2026-02-10", d.Plan.IssuedOn)
	}
	if b := d.Targets[1].Baseline; b == nil || !b.Date.Equal(date(2025, 12, 31)) {
		t.Errorf("baseline %+v, want dated 2025-12-31", b)
	}
	keys := sectionKeys(d)
	for _, k := range []string{"第一章", "第二章", "专栏1"} {
		if !strings.Contains(keys, k+";") {
			t.Errorf("sections %s, want %s", keys, k)
		}
	}
}

func sectionKeys(d *Draft) string {
	var b strings.Builder
	for _, s := range d.Sections {
		b.WriteString(s.Key + ";")
	}
	return b.String()
}

func TestWorkReportTargets(t *testing.T) {
	text := strings.Join([]string{
		"政府工作报告",
		"——2026年1月15日在东江市第十七届人民代表大会第五次会议上",
		"东江市市长 张某某",
		"",
		"一、2025年工作回顾",
		"过去一年，全市地区生产总值增长5.6%，城镇新增就业5.2万人，完成棚户区改造3200套。",
		"",
		"二、2026年主要目标和重点工作",
		"今年经济社会发展的主要预期目标是：地区生产总值增长5%左右，一般公共预算收入增长3%，城镇调查失业率控制在5.5%以内，城镇新增就业5万人以上，居民收入增长和经济增长同步，单位地区生产总值能耗下降2%。",
		"全年新开工保障性住房2000套。",
	}, "\n")
	y := date(2026, 12, 31)
	d := expect(t, text,
		want{title: "地区生产总值", kind: "rate", cmp: "=", value: 5, approx: true, deadline: y},
		want{title: "一般公共预算收入", kind: "rate", value: 3, deadline: y},
		want{title: "城镇调查失业率", kind: "level", cmp: "<=", value: 5.5, deadline: y},
		want{title: "城镇新增就业", kind: "cumulative", cmp: ">=", value: 5, unit: "万人", deadline: y},
		want{title: "居民收入增长和经济增长", kind: "relative", noValue: true, deadline: y},
		want{title: "能耗", kind: "rate", value: 2, deadline: y},
		want{title: "保障性住房", kind: "cumulative", value: 2000, deadline: y},
	)
	if !d.Plan.PeriodStart.Equal(date(2026, 1, 1)) || !d.Plan.PeriodEnd.Equal(y) {
		t.Errorf("period %s–%s, want the report's year", d.Plan.PeriodStart, d.Plan.PeriodEnd)
	}
}

func TestLivelihoodProjectList(t *testing.T) {
	text := strings.Join([]string{
		"南湖区2026年十件民生实事项目",
		"",
		"1．新建公办幼儿园3所，新增学位1080个。（牵头单位：区教育局）",
		"2．改造老旧小区26个，惠及居民8600户。（牵头单位：区住建局；配合单位：各街道办事处）",
		"3．为全区65岁以上老年人免费体检，体检率达到70%。（区卫健局牵头，各街道办事处配合）",
	}, "\n")
	y := date(2026, 12, 31)
	d := expect(t, text,
		want{title: "公办幼儿园", kind: "cumulative", value: 3, unit: "所", deadline: y, lead: "区教育局"},
		want{title: "学位", kind: "cumulative", value: 1080, lead: "区教育局"},
		want{title: "老旧小区", kind: "cumulative", value: 26, lead: "区住建局"},
		// 惠及居民8600户 is the scope of the 26 (the gold lists mark such
		// figures optional): not a second target.
		want{title: "体检率", kind: "level", value: 70, lead: "区卫健局"},
	)
	if len(d.Tasks) != 3 || d.Tasks[1].Number != 2 || strings.Join(d.Tasks[1].Responsible, "") != "各街道办事处" {
		t.Errorf("tasks %+v", d.Tasks)
	}
	if d.Targets[2].Task != 2 {
		t.Errorf("老旧小区 in task %d, want 2", d.Targets[2].Task)
	}
}

func TestActionPlanOwnerLines(t *testing.T) {
	text := strings.Join([]string{
		"北川市数字政府建设三年行动方案（2026—2028年）",
		"",
		"一、主要目标",
		"到2028年，政务服务事项网上可办率稳定在98%以上，“一网通办”办件量年均增长15%，政务数据共享率达到95%。",
		"二、重点任务",
		"（一）推进政务服务标准化",
		"1.编制政务服务事项目录。2026年6月底前，完成全部政务服务事项标准化梳理。",
		"牵头单位：市政务服务局",
		"责任单位：市直各部门、各县（市、区）人民政府",
		"2.建设便民服务圈。每个乡镇（街道）至少建成1个便民服务中心，2027年底前实现村级便民服务站全覆盖。",
		"牵头单位：市数据局",
		"责任单位：各县（市、区）人民政府",
		"",
		"北川市人民政府办公室",
		"2026年3月2日",
	}, "\n")
	d := expect(t, text,
		want{title: "网上可办率", kind: "maintain", value: 98, deadline: date(2028, 12, 31)},
		want{title: "办件量", kind: "rate", value: 15},
		want{title: "政务数据共享率", kind: "level", value: 95},
		want{title: "标准化梳理", kind: "milestone", noValue: true, deadline: date(2026, 6, 30), lead: "市政务服务局"},
		want{title: "便民服务中心", kind: "per_district", value: 1, deadline: date(2028, 12, 31), lead: "市数据局"},
		want{title: "村级便民服务站", kind: "level", value: 100, unit: "%", deadline: date(2027, 12, 31), lead: "市数据局"},
	)
	if len(d.Tasks) != 2 || d.Tasks[0].Section != "二(一)" || d.Tasks[1].Number != 2 {
		t.Fatalf("tasks %+v", d.Tasks)
	}
	if got := strings.Join(d.Tasks[0].Responsible, "|"); got != "市直各部门|各县（市、区）人民政府" {
		t.Errorf("responsible %s", got)
	}
	if d.Targets[4].Section != "二(一)" || d.Targets[4].Task != 2 {
		t.Errorf("section %q task %d", d.Targets[4].Section, d.Targets[4].Task)
	}
	if d.Plan.Issuer != "北川市人民政府办公室" || d.Plan.IssuedOn == nil || !d.Plan.IssuedOn.Equal(date(2026, 3, 2)) {
		t.Errorf("issuer %q issued %v", d.Plan.Issuer, d.Plan.IssuedOn)
	}
}
