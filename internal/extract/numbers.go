package extract

import (
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"
)

// Units the genre writes after a figure, base forms; 万/亿/千 may precede
// any of them. Longer forms come first in unitRe.
var baseUnits = []string{
	"个百分点", "百分点", "%", "‰",
	"微克/立方米", "毫克/立方米", "毫克/升", "吨标准煤", "吨/万元",
	"年一遇", "个工作日", "工作日", "剂次", "剂", "人次", "个次", "户次", "场次", "人/万人", "/10万人", "/10万", "/万人", "/千人", "/百万人", "张/千人", "个/千人口",
	"平方公里", "平方千米", "平方米", "立方米", "公顷", "千瓦时", "千瓦", "兆瓦", "标准箱", "标箱",
	"人", "户", "所", "个", "家", "座", "条", "项", "场", "次", "套", "张", "间", "床", "辆", "台",
	"件", "块", "眼", "宗", "幢", "篇", "部", "批", "支", "名", "位", "处", "栋", "艘", "册", "棵", "株", "头", "只", "份",
	"公里", "千米", "米", "亩", "吨", "斤", "公斤", "千克",
	"元", "美元", "岁", "年", "天", "日", "小时", "分钟", "倍", "分", "级", "届", "期", "门", "盏", "根",
	"村", "镇", "片", "园", "校", "班", "GW", "MW", "种", "类", "款", "例", "枚", "趟", "班次", "架次", "辆次", "床位", "张床位", "亿元", "人日",
}

// countUnits are units of things counted (new buildings, trainings): a
// figure in them without 达到 or 总数 is something to do, not a level.
var countUnits = map[string]bool{}

func init() {
	for _, u := range strings.Fields("种 类 款 例 块 眼 宗 幢 场次 剂次 剂 班次 架次 床位 人日 人次 个次 户次 人 户 所 个 家 座 条 项 场 次 套 张 间 床 辆 台 件 篇 部 批 支 名 位 处 栋 艘 册 棵 株 头 只 份 公里 千米 米 亩 公顷 平方米 平方公里 立方米 村 镇 片 园 校 班 单 门 盏 根 吨 元 美元") {
		countUnits[u] = true
	}
}

var (
	numUnitRe *regexp.Regexp
	ratioRe   = regexp.MustCompile(`(\d+(?:\.\d+)?)[:：∶](\d+(?:\.\d+)?)`)
)

func init() {
	us := append([]string(nil), baseUnits...)
	sort.SliceStable(us, func(i, j int) bool { return len(us[i]) > len(us[j]) })
	q := make([]string, len(us))
	for i, u := range us {
		q[i] = regexp.QuoteMeta(u)
	}
	// A figure, an optional range's upper end, an optional 万/亿 and a unit.
	numUnitRe = regexp.MustCompile(`(\d+(?:\.\d+)?)(?:(?:%|‰)?\s*(?:—|－|-|~|～|至|到)\s*(\d+(?:\.\d+)?))?(多|余)?\s*((?:万|亿|千|百)?(?:` + strings.Join(q, "|") + `)(?:[（(]\p{Han}{1,2}[)）])?|万|亿)`)
}

// unitKnown tells whether a unit is one the extractor knows.
func unitKnown(u string) bool {
	u = unitBase(u)
	for _, b := range baseUnits {
		if u == b {
			return true
		}
	}
	return u == ""
}

// isCountUnit tells whether a unit counts things (所, 个, 万人).
func isCountUnit(u string) bool {
	return countUnits[unitBase(u)] || u == "万" || u == "亿"
}

// unitBase is a unit without its 万/亿 and its alternative in brackets
// (万套（间） → 套).
func unitBase(u string) string {
	if i := strings.IndexAny(u, "（("); i > 0 {
		u = u[:i]
	}
	return strings.TrimLeft(u, "万亿千百")
}

func parseFloat(s string) float64 {
	f, _ := strconv.ParseFloat(s, 64)
	return f
}

// Deadlines.
var (
	// 到2025年底 / 2025年底前 / 2024年6月底前 / 到2025年末 / 2025年.
	dateRe = regexp.MustCompile(`(?:到|至|截至|截止到|截止|于|在|力争|争取|确保)?(\d{4})\s*年(?:\s*(\d{1,2})\s*月)?(?:\s*(\d{1,2})\s*日)?(底|末|年底|年末|上半年|下半年)?(前|以前|之前)?`)
	// “十五五”末 / 十四五期间 / 十五五时期.
	fypRe = regexp.MustCompile(`(?:到|至)?[“"‘「]?(十[二三四五六七八九]五)[”"’」]?(?:规划)?(末|期末|期间|时期)?`)
	// 今年 / 全年 in a work report.
	thisYearRe = regexp.MustCompile(`今年|全年|本年度|年底前|年内`)
	nextYearRe = regexp.MustCompile(`明年(?:底|年底|末|年末)?(?:前|以前|之前)?`)
	// 6月底前, 三季度末前, 上半年: a date within the year of a one-year
	// document (its year is the report's).
	monthOnlyRe = regexp.MustCompile(`(?:^|[^\d年])((?:于|在|力争|争取|确保)?(?:(\d{1,2})月(?:底|末)|第?([一二三四1-4])季度(?:末|底)|上半年)(?:前|以前|之前)?)`)
)

var fypYear = map[string]int{"十二五": 2015, "十三五": 2020, "十四五": 2025, "十五五": 2030, "十六五": 2035, "十七五": 2040}

// endOf returns the last day of a year, or of a month in it.
func endOf(year, month int) time.Time {
	if month >= 1 && month <= 12 {
		return time.Date(year, time.Month(month)+1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, -1)
	}
	return time.Date(year, 12, 31, 0, 0, 0, 0, time.UTC)
}

// chineseNumber reads a Chinese numeral (一, 十二, 二十三, 一百二十).
func chineseNumber(s string) (int, bool) {
	if s == "" {
		return 0, false
	}
	return cnValue(s)
}
