package extract

import (
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"
)

// fiftyPages builds a document of about 100,000 characters (50 pages): an
// achievements section, an indicator table and numbered tasks with owners.
func fiftyPages() string {
	var b strings.Builder
	b.WriteString("云岭市推进高质量发展三年行动方案（2026—2028年）\n\n一、发展基础\n")
	for i := 0; i < 40; i++ {
		fmt.Fprintf(&b, "截至2025年底，全市第%d类公共服务设施覆盖率为%d.5%%，累计建成社区服务中心%d个，过去三年新增就业%d万人。\n", i+1, 60+i%30, 100+i, 3+i%5)
	}
	b.WriteString("\n二、主要目标\n指标\t单位\t2025年\t2028年\t属性\n")
	for i := 0; i < 60; i++ {
		fmt.Fprintf(&b, "第%d项服务覆盖率\t%%\t%d\t≥%d\t预期性\n", i+1, 60+i%30, 70+i%25)
	}
	b.WriteString("\n三、重点任务\n")
	n := 0
	for utf8.RuneCountInString(b.String()) < 100000 {
		n++
		fmt.Fprintf(&b, "（%s）推进第%d项重点工作\n", "一", n)
		fmt.Fprintf(&b, "%d.加强服务体系建设。完善工作机制，强化要素保障，推动各项政策落地见效。到2027年，第%d类设施覆盖率达到%d%%以上，新建社区食堂%d个、改造农贸市场%d个；每个乡镇至少建成1个综合服务中心，群众满意度稳定在90%%以上，事故总量和死亡人数逐年下降，力争服务收入年均增长8%%左右。(牵头单位:市发展改革委;责任单位:市财政局、市民政局,各地区)\n", n, n, 80+n%15, 10+n%7, 5+n%4)
	}
	return b.String()
}

func BenchmarkFromText50Pages(b *testing.B) {
	text := fiftyPages()
	b.SetBytes(int64(len(text)))
	b.ReportMetric(float64(utf8.RuneCountInString(text)), "chars")
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		d := FromText(text)
		if len(d.Targets) < 1000 {
			b.Fatalf("%d targets", len(d.Targets))
		}
	}
}
