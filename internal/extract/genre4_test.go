package extract

import "testing"

// Patterns of the genre written as label lines (民生实事 lists, 票决
// results, task sheets, 督办 lists), other owner forms, briefing
// breakdowns and layout tables; texts written for these tests in the style
// of real documents.

// An item written as label lines: the heading, then 项目名称 / 实施内容 /
// 完成时限 / 承办单位 / 协办单位 lines; the deadline line governs the item
// even when it follows the content; noise labels are not targets.
func TestGenre4LabelLineItems(t *testing.T) {
	text := "某区2026年民生实事项目票决结果公告\n\n" +
		"区第十八届人民代表大会第五次会议以无记名投票方式票决产生2026年区级民生实事项目10件，现将结果公告如下。\n\n" +
		"一、新建社区嵌入式养老服务中心\n" +
		"实施内容：新建社区嵌入式养老服务中心12个，新增养老床位360张。\n" +
		"完成时限：2026年10月底前\n" +
		"得票数：186票\n" +
		"承办单位：区民政局　协办单位：各街道办事处\n" +
		"二、老旧小区加装电梯\n" +
		"项目名称：既有住宅加装电梯\n" +
		"建设内容：完成既有住宅加装电梯150部。\n" +
		"投资估算：4500万元\n" +
		"资金来源：区级财政、居民自筹\n" +
		"完成时间：2026年12月底前\n" +
		"牵头单位：区住房城乡建设局／配合单位：区市场监管局\n" +
		"联系人：王某　联系电话：0571-12345678\n" +
		"三、中小学午间配餐\n" +
		"目标任务：实现全区45所公办中小学午间配餐服务全覆盖。\n" +
		"完成时限：2026年9月底前；责任单位：区教育局\n\n" +
		"备选项目（未入选）：\n" +
		"1.新建城市书房\n" +
		"实施内容：新建城市书房20个。\n" +
		"承办单位：区文化和旅游局\n"
	expect(t, text,
		want{title: "养老服务中心", value: 12, unit: "个", deadline: date(2026, 10, 31), lead: "区民政局"},
		want{title: "养老床位", value: 360, unit: "张", deadline: date(2026, 10, 31), lead: "区民政局"},
		want{title: "加装电梯", value: 150, unit: "部", deadline: date(2026, 12, 31), lead: "区住房城乡建设局"},
		want{title: "午间配餐", value: 100, deadline: date(2026, 9, 30), lead: "区教育局"})
}

// A numbered task sheet: 1. heading, label lines with several labels on one
// line (；), responsible units after 配合单位.
func TestGenre4TaskSheetLabels(t *testing.T) {
	text := "某县2026年重点民生任务督办清单\n\n" +
		"1.农村供水保障提升\n" +
		"主要内容：改造农村供水管网85公里，农村自来水普及率达到98%。\n" +
		"牵头单位：县水利局；配合单位：县财政局、各乡镇人民政府；完成时限：2026年11月底前\n" +
		"2.城区停车设施建设\n" +
		"完成时限：2026年12月底前\n" +
		"建设内容：新增城区公共停车泊位2000个。\n" +
		"牵头单位：县住建局\n"
	d := expect(t, text,
		want{title: "农村供水管网", value: 85, unit: "公里", deadline: date(2026, 11, 30), lead: "县水利局"},
		want{title: "农村自来水普及率", value: 98, unit: "%", deadline: date(2026, 11, 30), lead: "县水利局"},
		want{title: "公共停车泊位", value: 2000, unit: "个", deadline: date(2026, 12, 31), lead: "县住建局"})
	if r := d.Targets[0].Responsible; len(r) != 2 || r[0] != "县财政局" {
		t.Errorf("responsible %q, want 县财政局 and 各乡镇人民政府", r)
	}
}

// Items without numbers: each starts with its 项目名称 line; the owners and
// deadline of one item do not leak into the next.
func TestGenre4LabelItemsWithoutNumbers(t *testing.T) {
	text := "某市2026年市级民生实事项目\n\n一、社会保障\n" +
		"项目名称：困难群众救助提标\n" +
		"实施内容：城乡低保标准提高到每人每月980元。\n" +
		"承办单位：市民政局\n" +
		"项目名称：新建公共充电桩\n" +
		"实施内容：新建公共充电桩3000个。\n" +
		"完成时限：2026年6月底前\n" +
		"牵头单位：市发展改革委　　配合单位：国网某市供电公司\n"
	expect(t, text,
		want{title: "低保标准", value: 980, unit: "元", deadline: date(2026, 12, 31), lead: "市民政局"},
		want{title: "充电桩", value: 3000, unit: "个", deadline: date(2026, 6, 30), lead: "市发展改革委"})
}

// Owner statements in other forms: 【责任单位】X（牵头），Y；【牵头单位】X【配合
// 单位】Y; （X牵头，Y配合）; 由X负责; X会同Y负责. Every target of the task has
// its lead.
func TestGenre4OwnerForms(t *testing.T) {
	text := "某市养老服务体系建设三年行动方案（2026—2028年）\n\n一、重点任务\n" +
		"（一）扩大普惠养老供给。到2028年，新增普惠养老床位2000张，社区养老服务设施覆盖率达到100%。\n" +
		"【责任单位】市民政局（牵头），市发展改革委，市财政局\n" +
		"（二）发展助餐服务。新建社区老年食堂120个，惠及老年人3万人次。\n" +
		"【牵头单位】市民政局【配合单位】市市场监管局、各区政府\n" +
		"（三）培养护理人才。培训养老护理员1500人次（市人力资源社会保障局牵头，市民政局配合）。\n" +
		"（四）推进适老化改造。完成特殊困难老年人家庭适老化改造3000户，由市住房城乡建设局负责。\n" +
		"（五）完善医养结合。建设医养结合机构20家。市卫生健康委会同市民政局负责。\n"
	d := expect(t, text,
		want{title: "普惠养老床位", value: 2000, unit: "张", lead: "市民政局"},
		want{title: "社区养老服务设施覆盖率", value: 100, unit: "%", lead: "市民政局"},
		want{title: "社区老年食堂", value: 120, unit: "个", lead: "市民政局"},
		want{title: "养老护理员", value: 1500, unit: "人次", lead: "市人力资源社会保障局"},
		want{title: "适老化改造", value: 3000, unit: "户", lead: "市住房城乡建设局"},
		want{title: "医养结合机构", value: 20, unit: "家", lead: "市卫生健康委"})
	if r := d.Targets[0].Responsible; len(r) != 2 || r[0] != "市发展改革委" || r[1] != "市财政局" {
		t.Errorf("task 1 responsible %q", r)
	}
	if r := d.Targets[2].Responsible; len(r) != 2 || r[0] != "市市场监管局" {
		t.Errorf("task 2 responsible %q", r)
	}
	if r := d.Targets[5].Responsible; len(r) != 1 || r[0] != "市民政局" {
		t.Errorf("task 5 responsible %q", r)
	}
}

// A briefing's breakdowns: a 其中 share is a target of its own (with or
// without a verb); per-year splits are targets each with its year; a project's scale
// (投资N亿元, 面积N平方米, 涉及N户) inside a commitment is not.
func TestGenre4BriefingBreakdowns(t *testing.T) {
	text := "我市出台城市更新三年行动方案\n发布时间：2026-03-10\n\n" +
		"根据方案，到2028年，全市将改造城镇老旧小区600个，其中2026年、2027年、2028年分别完成200个、220个、180个。\n" +
		"方案明确，到2028年新建停车泊位1.2万个，其中公共停车泊位4000个。\n" +
		"到2028年，全市将建设保障性租赁住房1.5万套，总投资45亿元，建筑面积90万平方米，涉及群众3.6万户。\n"
	expect(t, text,
		want{title: "老旧小区", value: 600, unit: "个", deadline: date(2028, 12, 31)},
		want{value: 200, unit: "个", deadline: date(2026, 12, 31)},
		want{value: 220, unit: "个", deadline: date(2027, 12, 31)},
		want{value: 180, unit: "个", deadline: date(2028, 12, 31)},
		want{title: "停车泊位", value: 1.2, unit: "万个", deadline: date(2028, 12, 31)},
		want{title: "公共停车泊位", value: 4000, unit: "个", deadline: date(2028, 12, 31)},
		want{title: "保障性租赁住房", value: 1.5, unit: "万套", deadline: date(2028, 12, 31)})
}
