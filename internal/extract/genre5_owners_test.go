package extract

import (
	"strings"
	"testing"
)

// Owners and label-line item layouts, round 5: texts written for these
// tests in the styles of real documents of the genre (民生实事 票决 notices,
// 任务清单, provincial department 工作要点 with 处室 as owners, owner
// sentences after a task).

// A 票决 notice whose items are not numbered headings (项目一：…, 第二项 …)
// and have no 一、 sections: the label lines are the plan itself, not news.
// The deadline label follows the content; vote counts are not targets.
func TestGenre5LabelItemsInNotice(t *testing.T) {
	text := "某县2026年民生实事项目人大代表票决结果公布\n\n" +
		"县第十七届人民代表大会第五次会议于2026年1月8日票决产生民生实事项目6个（候选项目12个），现予公布。\n\n" +
		"项目一　城乡公交提质\n" +
		"建设内容：新增新能源公交车40辆，新辟和优化公交线路12条。\n" +
		"完成时间：2026年11月底前\n" +
		"主办单位：县交通运输局　配合单位：县财政局、县公交公司\n" +
		"得票数：142票\n\n" +
		"第二项：社区卫生服务能力提升\n" +
		"工作目标：建成标准化村卫生室30个，家庭医生签约服务覆盖率达到75%。\n" +
		"时间节点：2026年9月底前完成\n" +
		"承办单位：县卫生健康局\n" +
		"得票：139票\n\n" +
		"项目三：农贸市场改造\n" +
		"任务目标：改造提升城区农贸市场5个。\n" +
		"办理时限：2026年6月底\n" +
		"承办单位：县商务局；协办单位：县市场监管局\n" +
		"得票数：120票\n\n" +
		"以上项目估算总投资1.2亿元，县政府每半年向县人大常委会报告一次推进情况。\n"
	d := expect(t, text,
		want{title: "新能源公交车", value: 40, unit: "辆", deadline: date(2026, 11, 30), lead: "县交通运输局"},
		want{title: "公交线路", value: 12, unit: "条", deadline: date(2026, 11, 30), lead: "县交通运输局"},
		want{title: "村卫生室", value: 30, unit: "个", deadline: date(2026, 9, 30), lead: "县卫生健康局"},
		want{title: "家庭医生签约服务覆盖率", value: 75, unit: "%", deadline: date(2026, 9, 30), lead: "县卫生健康局"},
		want{title: "农贸市场", value: 5, unit: "个", deadline: date(2026, 6, 30), lead: "县商务局"})
	if r := d.Targets[0].Responsible; strings.Join(r, "|") != "县财政局|县公交公司" {
		t.Errorf("item 1 responsible %q, want 县财政局 and 县公交公司", r)
	}
	if r := d.Targets[4].Responsible; strings.Join(r, "|") != "县市场监管局" {
		t.Errorf("item 3 responsible %q, want 县市场监管局", r)
	}
}

// A task list in a one-year notice: the deadline label names only a month
// (10月底前), the year is the notice's; when the deadline label names two
// stages the item is due at the later one.
func TestGenre5LabelMonthOnlyDeadline(t *testing.T) {
	text := "某市2026年为民办实事任务清单\n\n" +
		"1．背街小巷整治\n" +
		"主要内容：整治提升背街小巷60条。\n" +
		"完成时限：10月底前\n" +
		"牵头单位：市城市管理局\n\n" +
		"2．公共充电设施\n" +
		"主要内容：新建公共充电桩1200个。\n" +
		"时间节点：6月底前开工，12月底前全部建成\n" +
		"牵头单位：市发展改革委\n"
	expect(t, text,
		want{title: "背街小巷", value: 60, unit: "条", deadline: date(2026, 10, 31), lead: "市城市管理局"},
		want{title: "充电桩", value: 1200, unit: "个", deadline: date(2026, 12, 31), lead: "市发展改革委"})
}

// Labels written alone on their line, the text on the lines after them (a
// .docx table cell or a web page that breaks after the colon).
func TestGenre5LabelAloneOnLine(t *testing.T) {
	text := "某区2026年民生实事项目\n\n" +
		"项目名称：公办幼儿园扩容\n" +
		"项目内容：\n" +
		"新建、改扩建公办幼儿园4所，新增学位1080个。\n" +
		"完成时限：\n" +
		"2026年8月底前\n" +
		"责任单位：\n" +
		"区教育局、区住房城乡建设局\n"
	expect(t, text,
		want{title: "公办幼儿园", value: 4, unit: "所", deadline: date(2026, 8, 31), lead: "区教育局"},
		want{title: "学位", value: 1080, unit: "个", deadline: date(2026, 8, 31), lead: "区教育局"})
}

// A provincial department's 工作要点: each section ends with a note naming
// the 处室 that leads it; the note owns every target of the section, in
// every paragraph before it. Unit names end in 处, 室, 科, 中心.
func TestGenre5SectionNoteOwnsSection(t *testing.T) {
	text := "某省卫生健康委员会2026年工作要点\n\n" +
		"一、提升基层医疗服务能力\n" +
		"推进紧密型县域医共体建设，新增县级医院胸痛中心20个。\n" +
		"全年培训乡村医生3000人次，乡镇卫生院中医馆覆盖率达到100%。\n" +
		"（牵头处室：基层卫生健康处；配合处室：医政处、中医药服务管理处）\n\n" +
		"二、加强疾病预防控制\n" +
		"适龄儿童免疫规划疫苗接种率保持在95%以上。（责任处室：疾病预防控制处）\n\n" +
		"三、推进卫生健康信息化\n" +
		"建成互联网医院15家，二级以上公立医院电子病历应用水平平均级别达到4级。\n" +
		"（规划信息科、统计信息中心负责）\n\n" +
		"四、强化人才队伍建设\n" +
		"招录农村订单定向医学生400名。\n" +
		"【牵头单位】科技教育处\n"
	d := expect(t, text,
		want{title: "胸痛中心", value: 20, unit: "个", lead: "基层卫生健康处"},
		want{title: "乡村医生", value: 3000, unit: "人次", lead: "基层卫生健康处"},
		want{title: "中医馆覆盖率", value: 100, unit: "%", lead: "基层卫生健康处"},
		want{title: "接种率", value: 95, unit: "%", lead: "疾病预防控制处"},
		want{title: "互联网医院", value: 15, unit: "家", lead: "规划信息科"},
		want{title: "电子病历应用水平", value: 4, unit: "级", lead: "规划信息科"},
		want{title: "医学生", value: 400, unit: "名", lead: "科技教育处"})
	if r := d.Targets[0].Responsible; strings.Join(r, "|") != "医政处|中医药服务管理处" {
		t.Errorf("section 1 responsible %q", r)
	}
	if r := d.Targets[4].Responsible; strings.Join(r, "|") != "统计信息中心" {
		t.Errorf("section 3 responsible %q", r)
	}
}

// Owner sentences after a task: 责任单位：X牵头，Y、Z配合; 由X牵头，Y配合;
// X牵头，Y等部门按职责分工负责; X负责 — lead X, the rest responsible.
func TestGenre5OwnerSentences(t *testing.T) {
	cases := []struct {
		text       string
		lead, resp []string
	}{
		{"责任单位：县水务局牵头，县财政局、各乡镇人民政府配合。", []string{"县水务局"}, []string{"县财政局", "各乡镇人民政府"}},
		{"责任单位：市商务局牵头，市发展改革委配合", []string{"市商务局"}, []string{"市发展改革委"}},
		{"由区民政局牵头，区财政局、各街道办事处配合。", []string{"区民政局"}, []string{"区财政局", "各街道办事处"}},
		{"市住房城乡建设局牵头，市自然资源局、市城管局等部门按职责分工负责。", []string{"市住房城乡建设局"}, []string{"市自然资源局", "市城管局"}},
		{"省交通运输厅牵头，各设区市人民政府按职责分工落实。", []string{"省交通运输厅"}, []string{"各设区市人民政府"}},
		{"（牵头部门：市卫生健康委；配合部门：市医保局）", []string{"市卫生健康委"}, []string{"市医保局"}},
		{"（牵头处室：规划处；配合处室：财务处、法规处）", []string{"规划处"}, []string{"财务处", "法规处"}},
		{"（责任处室：人事教育处）", []string{"人事教育处"}, nil},
		{"（科技处负责）", []string{"科技处"}, nil},
		{"（以上任务由市场处负责）", []string{"市场处"}, nil},
	}
	for _, c := range cases {
		os := findOwners(c.text)
		if len(os) != 1 {
			t.Errorf("%s: %d owner statements, want 1", c.text, len(os))
			continue
		}
		o := os[0]
		if strings.Join(o.lead, "|") != strings.Join(c.lead, "|") || strings.Join(o.resp, "|") != strings.Join(c.resp, "|") {
			t.Errorf("%s: lead %v resp %v, want %v %v", c.text, o.lead, o.resp, c.lead, c.resp)
		}
	}
}

// The same owner sentences ending a task in a plan: every target of the
// task has the lead; a clause that only says who does something inside a
// task (县财政局负责资金保障) is not taken for the task's owners.
func TestGenre5OwnerSentencesInPlan(t *testing.T) {
	text := "某县城乡供水一体化三年行动方案（2026—2028年）\n\n二、重点任务\n" +
		"（一）建设骨干水源。到2027年，建成县第二水厂，新增日供水能力3万吨。由县水务局牵头，县发展改革局、县自然资源局配合。\n" +
		"（二）延伸供水管网。新建改造供水管网260公里，县财政局负责资金保障。县住建局负责。\n" +
		"（三）提升水质保障。到2028年，农村供水水质达标率达到95%。县卫生健康局牵头，县水务局等部门按职责分工负责。\n"
	d := expect(t, text,
		want{title: "第二水厂", noValue: true, deadline: date(2027, 12, 31), lead: "县水务局"},
		want{title: "日供水能力", value: 3, unit: "万吨", deadline: date(2027, 12, 31), lead: "县水务局"},
		want{title: "供水管网", value: 260, unit: "公里", deadline: date(2028, 12, 31), lead: "县住建局"},
		want{title: "水质达标率", value: 95, unit: "%", deadline: date(2028, 12, 31), lead: "县卫生健康局"})
	if r := d.Targets[0].Responsible; strings.Join(r, "|") != "县发展改革局|县自然资源局" {
		t.Errorf("task 1 responsible %q", r)
	}
	if r := d.Targets[3].Responsible; strings.Join(r, "|") != "县水务局" {
		t.Errorf("task 3 responsible %q", r)
	}
}

// Each item on one line: the heading's title, then its labels (实施内容：…
// 完成时限：… 承办单位：…); the deadline after the content governs it and
// the deadline label is not a target.
func TestGenre5LabelsAfterItemTitle(t *testing.T) {
	text := "某区2026年为民办实事项目安排\n\n" +
		"区政府常务会议研究确定了2026年为民办实事项目，现将安排印发如下。\n" +
		"1．老年助餐服务。实施内容：新建老年助餐点25个，全年提供助餐服务20万人次。完成时限：2026年10月底。承办单位：区民政局；协办单位：各街道办事处。\n" +
		"2．公园绿地建设　建设内容：新建口袋公园8个。时间节点：9月底前。牵头单位：区园林局。\n"
	d := expect(t, text,
		want{title: "老年助餐点", value: 25, unit: "个", deadline: date(2026, 10, 31), lead: "区民政局"},
		want{title: "助餐服务", value: 20, unit: "万人次", deadline: date(2026, 10, 31), lead: "区民政局"},
		want{title: "口袋公园", value: 8, unit: "个", deadline: date(2026, 9, 30), lead: "区园林局"})
	if r := d.Targets[2].Responsible; len(r) != 0 {
		t.Errorf("item 2 responsible %q, want none (item 1's owners do not leak)", r)
	}
}

// What is not an owner statement: a slogan (政府牵头、部门协同), a clause
// saying who pays inside a task, a person named as 责任领导; and a news
// page's closing contact lines do not turn its news into commitments.
func TestGenre5NotOwners(t *testing.T) {
	for _, s := range []string{
		"坚持政府牵头、部门协同、社会参与，形成工作合力。",
		"县财政局负责资金保障，各乡镇做好群众工作。",
		"由专班牵头制定实施细则。",
		"责任领导：王某某",
	} {
		if os := findOwners(s); len(os) != 0 {
			t.Errorf("%s: found owners %+v, want none", s, os)
		}
	}
	text := "某某区召开民生实事推进会\n发布时间：2026-05-12\n\n" +
		"会议通报，今年以来全区已新建老年助餐点18个，完成老旧小区改造12个。\n" +
		"联系人：李某　联系电话：0571-88886666\n"
	if d := FromText(text); len(d.Targets) != 0 {
		t.Errorf("news with contact lines: %d targets, want none: %+v", len(d.Targets), d.Targets)
	}
	text = "某县2026年民生实事项目\n\n项目一：城区停车设施\n" +
		"实施内容：新增公共停车泊位800个。\n" +
		"责任领导：张某某\n" +
		"牵头单位：县住建局\n"
	d := expect(t, text, want{title: "停车泊位", value: 800, unit: "个", lead: "县住建局", deadline: date(2026, 12, 31)})
	if r := d.Targets[0].Responsible; len(r) != 0 {
		t.Errorf("responsible %q, want none", r)
	}
}

// A content label alone on its line over a short numbered list; the owner
// lines in the other order (责任单位 first, then 牵头单位): the marked lead
// wins over the first unit of the list.
func TestGenre5LabelListAndOwnerOrder(t *testing.T) {
	text := "某县2026年民生实事项目公示\n\n" +
		"项目名称：农村道路提升\n" +
		"建设内容：\n" +
		"（1）新建改建农村公路45公里；\n" +
		"（2）完成危桥改造6座。\n" +
		"完成时限：11月底前\n" +
		"责任单位：各乡镇人民政府、县财政局\n" +
		"牵头单位：县交通运输局\n"
	d := expect(t, text,
		want{title: "农村公路", value: 45, unit: "公里", deadline: date(2026, 11, 30), lead: "县交通运输局"},
		want{title: "危桥改造", value: 6, unit: "座", deadline: date(2026, 11, 30), lead: "县交通运输局"})
	if r := d.Targets[0].Responsible; strings.Join(r, "|") != "各乡镇人民政府|县财政局" {
		t.Errorf("responsible %q, want 各乡镇人民政府 and 县财政局", r)
	}
}
