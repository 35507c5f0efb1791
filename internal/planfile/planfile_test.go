package planfile

import (
	"bytes"
	"errors"
	"io/fs"
	"reflect"
	"strings"
	"testing"

	"github.com/goalpost-civic/goalpost/internal/i18n"
	"github.com/goalpost-civic/goalpost/plans"
)

const header = `slug: test-plan
title: 测试规划
short_title: 测试
issuer: 测试市政府
period_start: 2023-01-01
period_end: 2025-12-31
departments:
  - {slug: bureau, name: 某局}
sections:
  - key: "一"
    title: 总体目标
    targets:
`

func TestReadRejectsWithLineAndReason(t *testing.T) {
	t.Parallel()
	target := func(extra string) string {
		return header + "      - key: a\n        title: 指标\n        kind: level\n        comparator: \">=\"\n        value: 90\n        unit: \"%\"\n        deadline: 2025-12-31\n        source_text: 原文\n" + extra
	}
	cases := []struct{ name, file, want, en string }{
		{"unknown field", target("        colour: red\n"), "第 21 行：未知的字段 colour", "Line 21: unknown field colour (check the spelling)"},
		{"year instead of date", strings.Replace(target(""), "deadline: 2025-12-31", "deadline: 2025", 1), "第 19 行：日期“2025”应写成 2025-12-31 的形式", "Line 19: write the date “2025” like 2025-12-31"},
		{"duplicate key", target("      - key: a\n        title: 又一个\n        kind: zero\n        comparator: \"=\"\n        deadline: 2025-12-31\n        source_text: 原文\n"), "第 21 行：目标 key “a” 重复", "Line 21: the target key “a” is used twice"},
		{"value on a kind without numbers", strings.Replace(target(""), "kind: level", "kind: milestone", 1), "类型 milestone 没有数值", "Line 13: target a: The kind milestone has no value"},
		{"bad comparator", strings.Replace(target(""), `comparator: ">="`, `comparator: "≥"`, 1), "未知的比较符 comparator “≥”", "Unknown comparator “≥”"},
		{"missing related task", target("        related_task: 9\n"), "related_task 9 不存在", "Line 13: target a: related_task 9 does not exist"},
		{"deadline before the plan", strings.Replace(target(""), "deadline: 2025-12-31", "deadline: 2020-12-31", 1), "早于规划开始日期", "is before the plan starts"},
		{"bad slug", strings.Replace(target(""), "slug: test-plan", "slug: Test Plan", 1), "slug “Test Plan”", "Line 1: The slug “Test Plan” may contain only"},
		{"not YAML", "slug: [unclosed", "YAML 语法错误", "YAML syntax error"},
		{"a number as text", strings.Replace(target(""), "value: 90", "value: 九十", 1), "第 17 行：", "Line 17: "},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			_, err := Read("test.yaml", strings.NewReader(tc.file))
			if err == nil {
				t.Fatal("accepted")
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error lacks %q:\n%v", tc.want, err)
			}
			var pe *Error
			if !errors.As(err, &pe) {
				t.Fatalf("not a plan file error: %v", err)
			}
			if got := pe.In(i18n.Chinese); got != err.Error() {
				t.Errorf("in Chinese:\n%s\nwant\n%s", got, err.Error())
			}
			en := pe.In(i18n.English)
			if !strings.Contains(en, tc.en) || !strings.HasPrefix(en, "test.yaml: the file is invalid; nothing was imported:") {
				t.Errorf("in English, lacks %q:\n%s", tc.en, en)
			}
			for _, zh := range []string{"第 ", " 行", "：", "不存在", "重复", "未知"} {
				if strings.Contains(en, zh) {
					t.Errorf("in English, %q:\n%s", zh, en)
				}
			}
		})
	}
	f, err := Read("test.yaml", strings.NewReader(target("")))
	if err != nil {
		t.Fatalf("valid file rejected: %v", err)
	}
	if got := f.Sections[0].Targets[0]; got.Line != 13 || *got.Value != 90 || got.Deadline.Format("2006-01-02") != "2025-12-31" {
		t.Errorf("target = %+v", got)
	}
}

// A plan written by Write reads back as the same plan, for every bundled plan.
func TestWriteReadsBack(t *testing.T) {
	t.Parallel()
	names, err := fs.Glob(plans.FS, "*.yaml")
	if err != nil || len(names) == 0 {
		t.Fatalf("bundled plans: %v %v", names, err)
	}
	for _, name := range names {
		data, err := fs.ReadFile(plans.FS, name)
		if err != nil {
			t.Fatal(err)
		}
		original, err := Read(name, bytes.NewReader(data))
		if err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		if err := Write(&buf, original); err != nil {
			t.Fatal(err)
		}
		again, err := Read(name+" (written)", bytes.NewReader(buf.Bytes()))
		if err != nil {
			t.Fatalf("%s: written file does not read back: %v\n%s", name, err, buf.String())
		}
		clearLines(original)
		clearLines(again)
		if !reflect.DeepEqual(original, again) {
			t.Errorf("%s: written file reads back differently", name)
		}
	}
}

// clearLines forgets where things stood in the file, and that a list was
// written empty rather than left out.
func clearLines(f *File) {
	for i := range f.Departments {
		f.Departments[i].Line = 0
	}
	for i := range f.Sections {
		s := &f.Sections[i]
		s.Line = 0
		if len(s.Targets) == 0 {
			s.Targets = nil
		}
		for j := range s.Targets {
			s.Targets[j].Line = 0
		}
		for j := range s.Tasks {
			s.Tasks[j].Line = 0
			if len(s.Tasks[j].Targets) == 0 {
				s.Tasks[j].Targets = nil
			}
			if len(s.Tasks[j].Responsible) == 0 {
				s.Tasks[j].Responsible = nil
			}
			for k := range s.Tasks[j].Targets {
				s.Tasks[j].Targets[k].Line = 0
			}
		}
	}
}
