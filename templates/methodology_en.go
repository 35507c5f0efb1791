package templates

import (
	"unicode"

	"github.com/goalpost-civic/goalpost/internal/goalpost"
)

// ChineseRuns cuts s into runs of Chinese (characters, with the
// punctuation inside them) and of anything else.
func ChineseRuns(s string) []Part {
	var out []Part
	for _, r := range s {
		zh := unicode.Is(unicode.Han, r) || (r >= 0x3000 && r <= 0x303f) || (r >= 0xff00 && r <= 0xffef)
		if !zh && len(out) > 0 && out[len(out)-1].Zh && unicode.IsDigit(r) {
			zh = true // 2025 inside 到2025年 belongs to the quote
		}
		if n := len(out); n > 0 && out[n-1].Zh == zh {
			out[n-1].Text += string(r)
			continue
		}
		out = append(out, Part{Text: string(r), Zh: zh})
	}
	return out
}

// exampleEnglish is the English of the methodology page's worked examples:
// their titles, and their figures as a person would list them.
var exampleEnglish = map[string]string{
	// issue 9: the examples of the deadline, growth and rank rules
	"2023 年 13.2 万人；2024 年 12.1 万人；2025 年尚未报送": "2023: 132,000 people; 2024: 121,000 people; 2025 not yet reported",
	"2023 年较 2022 年增长 8%":                      "2023: up 8% on 2022",
	"2024 年全省 14 个市中第 2":                       "2024: 2nd of the province's 14 cities",
	"2023 年 85.1%；2024 年 87.6%；2025 年尚未报送":     "2023: 85.1%; 2024: 87.6%; 2025 not yet reported",
	"普惠性幼儿园覆盖率":                                "Coverage of inclusive kindergartens",
	"PM2.5 平均浓度":                               "Average PM2.5 concentration",
	"累计新增城镇就业":                                 "New urban jobs, cumulative",
	"群众性文化活动":                                  "Public cultural events",
	"异地住院费用直接结算率":                              "Direct settlement of inpatient costs incurred elsewhere",
	"农村居民人均可支配收入":                              "Rural residents' disposable income per person",
	"开展安宁疗护的医疗机构":                              "Medical institutions offering hospice care",
	"生产安全事故死亡人数":                               "Deaths in workplace accidents",
	"老旧小区综合改造提升":                               "Renovation of old residential compounds",
	"基线 2022 年 80%；2024 年 85%":                 "baseline 80% in 2022; 85% in 2024",
	"2023 年 40；2024 年 38":                      "40 in 2023; 38 in 2024",
	"2023 年 13 万人；2024 年 12.5 万人":              "130,000 people in 2023; 125,000 in 2024",
	"2024 年 1—6 月合计 230 场（按月报送）":               "230 events in January–June 2024 (reported monthly)",
	"2024 年 68.5%":                             "68.5% in 2024",
	"2024 年 2.31 万元；全国 2.31 万元":                "23,100 yuan in 2024; national 23,100 yuan",
	"2024 年：中山区 1、西岗区 2、沙河口区 0、甘井子区 1":         "2024: Zhongshan 1, Xigang 2, Shahekou 0, Ganjingzi 1",
	"2023 年 120 人；2024 年 126 人":                "120 people in 2023; 126 in 2024",
	"2024 年 6 月：推进中":                           "June 2024: under way",
}

// ExampleTarget is the example's target with its English title.
func ExampleTarget(ex Example) *goalpost.Target {
	t := ex.Target.Target
	t.TitleEN = exampleEnglish[t.Title]
	return &t
}

// ExampleFigures is the example's figures in the page's language.
func (p Page) ExampleFigures(ex Example) string {
	if en, ok := exampleEnglish[ex.Figures]; ok && p.Lang == "en" {
		return en
	}
	return ex.Figures
}
