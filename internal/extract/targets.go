package extract

import (
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Verb classes: what a verb before a figure says about the comparator and
// the kind of target.
const (
	vGE   = iota // 达到, 不低于
	vGT          // 超过, 高于
	vLE          // 降至, 不超过, 控制在
	vLT          // 低于
	vKeep        // 保持在, 稳定在
	vRate        // 增长, 提高 (by a figure)
	vDo          // 新建, 完成, 培训 (a count of things done)
	vIs          // 为 (a statement of fact)
	vFrom        // 由, 从 (a starting figure)
	vNone = -1   // no verb governs the figure
)

var verbClass = map[string]int{}

func init() {
	add := func(class int, words string) {
		for _, w := range strings.Fields(words) {
			verbClass[w] = class
		}
	}
	add(vGE, "不低于 不少于 不小于 至少 达到 达 提高到 提高至 提升到 提升至 增加到 增加至 增长到 增长至 扩大到 扩大至 上升到 上升至 力争达到 ≥ >= 大于等于 不低 达成")
	add(vGT, "超过 高于 大于 多于 > 超 突破")
	add(vLE, "不高于 不超过 不大于 不多于 控制在 控制到 降至 降到 下降到 下降至 降低到 降低至 减少到 减少至 压减到 压减至 压缩到 压缩至 缩小至 缩小到 缩短至 缩短到 ≤ <= 小于等于 以内")
	add(vLT, "低于 少于 小于 <")
	add(vKeep, "保持在 稳定在 维持在 持续保持在 保持 维持")
	add(vRate, "年均增长 年均增幅 年均提高 年均下降 年均降低 增长 增幅 增速 提高 提升 上升 增加 下降 降低 减少 压减 压降 缩减 降幅")
	add(vDo, "完成 新建 新增 建成 建设 改造 改扩建 扩建 培训 开展 举办 实施 筹集 培育 帮助 解决 带动 植树 造林 推出 创建 打造 引进 培养 发放 提供 救助 建强 办好 更新改造 招引 推动 支持 引导 吸引 扶持 认定 新培育 新认定 配套 新开工 开工 改建 修建 铺设 安装 配备 配置 组织 吸纳 转移 安置 惠及 服务 种植 治理 整治 修复 栽植 收治 筛查")
	add(vIs, "为 是")
	add(vFrom, "由 从")
	ws := make([]string, 0, len(verbClass))
	for w := range verbClass {
		ws = append(ws, w)
	}
	sort.Slice(ws, func(i, j int) bool {
		if len(ws[i]) != len(ws[j]) {
			return len(ws[i]) > len(ws[j])
		}
		return ws[i] < ws[j]
	})
	q := make([]string, len(ws))
	for i, w := range ws {
		q[i] = regexp.QuoteMeta(w)
	}
	verbRe = regexp.MustCompile(strings.Join(q, "|"))
}

var (
	verbRe       *regexp.Regexp
	afterBoundRe = regexp.MustCompile(`^(及以上|以上|及以下|以下|以内|之内|左右|上下|内)`)
	approxBefore = regexp.MustCompile(`(约|大约|近|接近)$`)
	aspireRe     = regexp.MustCompile(`力争|争取|努力|力求|积极争取`)
	pastRe       = regexp.MustCompile(`截至|截止|目前|已经|已[建完实达累覆开举形有投安下拨落划惠帮培筹改新]|环比|序时进度|超序时|(?:年度|全年)(?:目标)?任务的|完成率为|过去|去年|上年|近年来|近几年|多年来|\d{1,2}\s*[-－—~～至]\s*\d{1,2}\s*月|前[一二三四五六七八九十\d]+个月|统计上报|数据显示|同比|较上年|比上年|上半年|前三季度|一季度|共计|实现了|完成了|达到了|提高了|增长了|下降了|建成了|累计完成`)
	rateWordRe   = regexp.MustCompile(`年均增长|年均增幅|年均增速|增幅|涨幅|增速|增长率|年均提高|年均下降|年均降低|降幅`)
	perDistRe    = regexp.MustCompile(`^(?:每个|每一个|每|各)(?:设区的市|设区市|地级市|县（市、区）|县\(市、区\)|县（市）|县（区）|县市区|县区|区县|市县|旗县|县|区|乡镇（街道）|乡镇\(街道\)|街道（乡镇）|街道\(乡镇\)|乡镇|镇（街道）|镇|街道|地区|市（州）|市州|地市|县级|行政村|村)(?:$|至少|都|均|要|应|建|配|有|设|不少于|达到|开展|培育|打造|创建|办好|新建|落实|拥有)`)
	levelWordRe  = regexp.MustCompile(`总数|总量|数量|规模|拥有|保有|每千|每万|每百|人均|占比|比例|比重|覆盖`)
	// 每年, 年均新增: every year; 年均浓度 names an annual mean, not a rhythm.
	annualRe   = regexp.MustCompile(`每年|每年度|年均$|年均(?:新增|完成|培训|建设|新建|开展|举办|实施|安排|改造|增加|转移|接待|引进|培育|筹集|发放|投入)`)
	fillerRe   = regexp.MustCompile(`^(?:《[^》]{1,40}》(?:提出|明确)?(?:的)?(?:目标为|目标是)?|目标为|目标是|我们|目前|当前|我市|我县|我区|我省|我州|我旗|本市|本县|本区|该市|该县|该区|全市|全县|全区|全省|全镇|全州|全旗|全国|力争|争取|努力|确保|力求|其中|同时|并且|并|且|将|要|使|推动|推进|持续|进一步|不断|实现|逐步|稳步|加快|基本|全面)+`)
	tailVerbRe = regexp.MustCompile(`(?:全部|均|都|要|将|需|应|分别|处于|位于|位居|居于|提高到|提高至|达到|达|不低于|不少于|至少|超过|高于|控制在|降至|降到|保持在|稳定在|持续保持在|保持|稳定|实现|力争|不超过|不高于|低于|为|增长|提高|下降|降低|增加|年均增长|年均增幅|年均|每年|逐步|缩小至|缩小到|有)+$`)
	circleRe   = regexp.MustCompile(`^\p{Han}{0,6}圈`)
	areaRe     = regexp.MustCompile(`(?:建筑面积|占地面积|用地面积|规划面积|总面积|占地)(?:约|达|为|近|超|共)?$`)
	// 涉及居民2.3万户: the people or places a programme reaches, after the
	// figure it commits to.
	scopeRe    = regexp.MustCompile(`^(?:共|可|将)?(?:(?:涉及|惠及|覆盖|辐射|受益|服务)(?:居民|群众|人口|学生|农户|家庭|住户|户数|人数)?|(?:涉及|惠及|受益|辐射|服务)(?:城乡|困难|特殊|农村|城镇|辖区|全市|全县|全区)?(?:老年人|老人|儿童|学生|患者|妇女|残疾人|职工|群众|居民|人群|人口|家庭|农户|群体|村民)(?:群体)?|受益人口|受益人数|服务人口|服务人数)(?:约|达|近|超|共)?$`)
	investRe   = regexp.MustCompile(`(?:总投资|计划投资|估算投资|概算投资|投资总额|总投资额|预计投资|拟投资|匡算投资)(?:额)?(?:约|达|为|近|超)?$`)
	qualUnitRe = regexp.MustCompile(`^(?:万|亿|千)?(?:类|种|人|岁|元|平方米|平方公里|亩|吨|千瓦|兆瓦|张|床|床位|张床位|级|年|公里|米|吨标准煤|蒸吨)$`)
	procRe     = regexp.MustCompile(`(?:出台|制定|印发|召开|举办|组织召开|修订)[^，,。；;]{0,6}\d+\s*(?:个|份|项|次|场|批|部)[^，,。；;]{0,8}(?:文件|政策|制度|办法|细则|会议|会)|(?:召开|举行)[^，,。；;]{0,10}(?:会议|推进会|座谈会|调度会|现场会|联席会)[^，,。；;]{0,4}\d+\s*(?:次|场)|(?:电话|热线)(?:号码)?[：:为是]?\s*[\d（(]|拨打|邮箱|(?:每季度|每半年|每月|每周|每旬|按季|按月)[^，,。；;]{0,10}(?:报送|上报|通报|调度|报告|会商|分析)|报送|上报|备案|自评|自查报告|\d+\s*个?工作日(?:内|之内)?(?:办结|完成|答复|反馈|回复|处理|审核|报送|上报|告知)|印发之日|截止日期|号文|〔|\[20`)
)

var (
	frequencyRe = regexp.MustCompile(`每(?:季度|季|月|半年|周|旬|两个月|两月|个月)|(?:按季|按月|逐月)`)
	capRe       = regexp.MustCompile(`(?:最高|最多|上限|封顶|不超过)(?:可)?(?:补助|补贴|奖励|资助|给予|支持)?$|(?:额度|限额)(?:最高|最多|不超过|为|达)?$`)
	allowanceRe = regexp.MustCompile(`(?:补助|补贴|奖励|奖补)(?:标准)?(?:为)?(?:每人|每户|每餐|每次|每名|每生)(?:每[天日月年])?$|(?:每人|每户|每生|每床|每餐|每次|每名|每个|每家|每所|每平方米|每亩)[^，,；;。]{0,8}(?:补助|补贴|奖励|奖补|资助|补助标准|发放)(?:标准)?(?:为)?$`)
)

// countedRe: a counted figure in a title (600个…任务将全部完成 restates a
// count); 35蒸吨/小时以上 only qualifies.
var countedRe = regexp.MustCompile(`\d+(?:\.\d+)?\s*(?:万|亿)?(?:个|项|所|家|座|条|处|户|套|件|批|台|辆|公里|名|人)`)

var (
	statedStdRe = regexp.MustCompile(`标准(?:为|是)(?:每人|每户|每生|每床|每名|人均)?(?:每年|每月|每天|每日|每餐|每次)?$`)
	planOwnRe   = regexp.MustCompile(`^(?:本规划|本方案|本计划|本意见|规划期内|规划共|方案共)`)
	specWordRe  = regexp.MustCompile(`规模|库容|面积|长度|设计|装机|容量|投资`)
)

// inSpecParen tells whether the figure at i sits in brackets that give the
// size of the thing before them (城东水厂（设计日供水规模10万吨）).
func inSpecParen(s string, i int) bool {
	open := strings.LastIndexAny(s[:i], "（(")
	if open < 0 || strings.ContainsAny(s[open:i], "）)") {
		return false
	}
	return specWordRe.MatchString(s[open:i])
}

// rateNameRe: a rate named after a procedure (上报及时率, 报送完整率) is
// measured, not a procedure.
var rateNameRe = regexp.MustCompile(`(?:上报|报送|备案)\p{Han}{0,4}率`)

// labelOnlyRe: a label and its colon (完成时限：), not a milestone.
var labelOnlyRe = regexp.MustCompile(`^\p{Han}{2,8}[：:]$`)

// orgRe: setting up the machinery (成立领导小组, 建立工作专班) is how the
// work is organised, not a result.
var orgRe = regexp.MustCompile(`(?:成立|组建|建立|设立)[^，,；;。]{0,20}(?:领导小组|工作专班|专班|工作小组|指挥部|办公室|联席会议)`)

var (
	indicatorCountRe = regexp.MustCompile(`指标[^，,；;。]{0,12}$|^(?:共|合计|总计)$`)
	capAnyRe         = regexp.MustCompile(`(?:最多|最长|最高|上限|封顶)(?:不超过|不超|为|可达)?$`)
	byStandardRe     = regexp.MustCompile(`按[^，,。；;]{0,40}(?:的)?标准(?:执行|发放|给予|补贴|补助|拨付)`)
	condRateRe       = regexp.MustCompile(`(?:率|比例|比重)(?:达到|不低于|超过|高于|在)?$`)
	condMustRe       = regexp.MustCompile(`方可|方能|才能|才可`)
	conditionRe      = regexp.MustCompile(`^(?:以上|以下|及以上|及以下)?的(?:\p{Han}{0,8})(?:单位|企业|项目|家庭|个人|人员|村|社区|学校|机构|主体)|^(?:以上|以下)?的[^，,；;。]{0,20}(?:方可|方能|才能|予以|给予)`)
)

// noteOnlyRe: a bracketed note that ends a clause after its figure
// (3.2%（预期性）, 26件（约束性）).
var noteOnlyRe = regexp.MustCompile(`^[（(][^（）()]{1,12}[）)][。；;，,]?$`)

// rhetoricRe: a closing call (为完成今年各项目标任务而努力奋斗), not a target.
var rhetoricRe = regexp.MustCompile(`打下坚实基础|奠定坚实基础|而(?:努力)?奋斗|而努力|而不懈|谱写|新篇章|新征程|新局面|新华章|作出新的更大贡献|作出更大贡献`)

// No-number targets.
var (
	zeroRe    = regexp.MustCompile(`[“"]零\p{Han}{1,4}[”"]|零上访|零投诉|零伤亡|不发生规模性|(?:确保|杜绝|严防)?不发生[^，,；;。]{0,20}(?:事故|事件|疫情|案件)|(?:动态)?清零|零(?:填埋|排放|事故|死亡|发生|增长|新增|直排|积存|拖欠)|全面消除|彻底消除|杜绝`)
	coverRe   = regexp.MustCompile(`全覆盖|全部覆盖|应建尽建|应保尽保|全联通|全贯通|全接入|全上线`)
	allPassRe = regexp.MustCompile(`全部(通过|达标|达到|完成|实现|落实|纳入|建成|配备|配齐|实行|推行|接入|开通|安装|启用|投用|建立|执行|使用|改造|更换)|(?:覆盖|通达|联通|连通|接入|延伸至|通到|通)(?:到)?(?:所有|全部)`)
	// 力争2026年底前建成投用: a completion whose object is in the clause before.
	bareDoneRe  = regexp.MustCompile(`^(?:建成|全面建成|全线建成|竣工|完工|主体完工)?(?:投用|投入使用|投入运行|投入运营|投运|通车|通水|通电|投产|交付使用|运行|开通|开业|开园|开馆|下闸蓄水|蓄水|试运行|并网|并网发电|竣工验收|通航)$|^(?:开工建设|开工|建成|竣工|完工)$`)
	milestoneRe = regexp.MustCompile(`^ *实现[^，,；;。]{2,30}(?:对接|联网|上线运行)$|基本(完成|建成|形成|实现|化解|消除|普及|解决|覆盖)|达到[^，,；;。]{1,20}(?:能力|标准|要求)$|^ *(?:全面完成|完成|建成|出台|成立|印发)[^，,；;。]{2,30}$|全面(完成|建成|推开|普及)|(?:通过|顺利通过)[^，,；;。]{0,30}(?:验收|评估|评审|认定|认证)|完成[^，,；;。]{0,30}(?:目标|任务)$|取得明显成效|如期完成|(?:保持|稳定|持续)(?:优良|良好|稳定达标|达标)|建成[^，,；;。]{2,30}$`)
	relativeRe  = regexp.MustCompile(`快于[^，,；;。]{0,12}|高于(?:城镇居民|城市居民|农村居民)|高于全国|高于全省|高于全市|高于[^，,；;。]{0,20}(?:水平|增速|增长)|(?:全省|全国|全市|全区|东北|同类城市)(?:前列|领先|第一|前茅)|领先水平|达到国家[^，,；;。]{0,10}标准|优于全国|优于全省|不低于全国|基本同步|同步`)
	trendRe     = regexp.MustCompile(`逐年(下降|降低|减少|提高|增加|增长|上升)|持续下降|继续下降|稳步下降|只减不增`)
)

var (
	commitRe = regexp.MustCompile(`力争|确保|目标是|目标为`)
	keepRe   = regexp.MustCompile(`保持|稳定在|维持在`)
	// 超过国家规划目标20个百分点, 高于全国平均增幅8.5个百分点: a comparison, not a target.
	compareRe   = regexp.MustCompile(`较[^，,；;。\d提降]{1,12}(?:高|低)\s*\d|(?:超过|高于|高出|低于|优于)[^，,。；;]{0,12}(?:目标|全国|全省|全市|平均)[^，,。；;]{0,8}\d`)
	doWordRe    = regexp.MustCompile(`新建|新增|改造|建成|完成|培训|建设|开展|举办|实施|筹集|培育|帮助|解决|带动|植树|造林|推出|创建|打造|引进|培养|救助|改扩建|建强|发放|帮扶|安排|组织|修缮|编制|招聘|吸纳|安置|放映|演出|送戏|排查|整改|检查|巡查|抽检|核查|走访|慰问|救治|接种|筛查|整治|清理|办理|调解`)
	atLeastRe   = regexp.MustCompile(`^(?:不少于|不低于|不小于|至少|不少|)(?:以上|及以上)?$`)
	fromGapRe   = regexp.MustCompile(`^(?:\d{4}年(?:底|末)?的?)?$`)
	coordRe     = regexp.MustCompile(`(?:和|及|与|、)$`)
	perUnitRe   = regexp.MustCompile(`^每(?:个|所|家|座|名|户|千|万|百|一)`)
	perPersonRe = regexp.MustCompile(`每人每月|每人每年|每人|每户|每生|每床|人均|生均|户均`)
	// 办好以下10件民生实事: a count of the document's own items.
	ownItemsRe    = regexp.MustCompile(`^(?:市级|区级|县级|省级|镇级)?(?:民生实事|实事|重点任务|任务|措施|举措|方面|行动|重点工作|工作任务|条措施|大行动|大工程)`)
	ownItemsPreRe = regexp.MustCompile(`(?:实事项目|民生实事|民生项目|实事|重点项目|任务|事项)(?:共|合计|总计|计)?(?:\d+\s*(?:大类|类|个方面|个领域)、?)?$`)
	// 户籍人口52.7万人, 总面积1200平方公里: what a place is, not a goal.
	factNounRe = regexp.MustCompile(`(?:户籍人口|常住人口|总人口|人口|国土面积|总面积|辖区面积|行政区域面积)(?:约|为|达|共|有)?$`)
	// 一次性奖励20万元, 按每亩不低于3000元标准: a rate of support, not a goal.
	rewardRe = regexp.MustCompile(`(?:一次性|给予|奖励|补助|补贴|奖补|资助)(?:奖励|补助|补贴|奖补|资助)?$|按(?:每|人均|户均)\p{Han}{0,10}(?:不低于|不少于|最高|最多)?$`)
	// 最高资助标准不超过每人每年380元: a clause that states a cap.
	capStartRe   = regexp.MustCompile(`^(?:且|并|其中)?(?:最高|上限|封顶)`)
	shortenRe    = regexp.MustCompile(`(?:压缩|缩短|控制|减少|降)(?:至|到|在)$`)
	payVerbRe    = regexp.MustCompile(`发放|安排|投入|落实|兑现|筹措|统筹|争取`)
	doStartRe    = regexp.MustCompile(`^(?:新建|新增|改造|建成|完成|培训|建设|开展|举办|实施|筹集|培育|帮助|解决|带动|推出|创建|打造|引进|培养|救助|改扩建|建强|累计)`)
	stockStartRe = regexp.MustCompile(`^(?:开通|拥有|集聚|聚集|保有|运营)`)
	bareRe       = regexp.MustCompile(`(?:比|比值|系数|指数)[^\d，,；;。]{0,6}?(\d+(?:\.\d+)?)`)
	ratioWordRe  = regexp.MustCompile(`(?:比|比值)[^\d，,；;。]{0,6}?$`)
	downRe       = regexp.MustCompile(`下降|降低|减少|只减不增`)
	subjSplitRe  = regexp.MustCompile(`、|和|及|与`)
)

// token is a figure in a clause.
type token struct {
	a, b        int // the figure with its unit and bound words
	numA, numB  int
	value       float64
	high        *float64 // the range's upper end
	unit        string
	verb        string // governing verb
	verbClass   int
	verbA       int
	bound       string // 以上, 以下, 左右…
	approx      bool
	ratio       bool
	trailing    string // the object after the figure (1所公办中心幼儿园)
	endOfClause bool
	coord       bool // shares the verb of the figure before (1台DR和1台彩超)
	countSubj   bool // counts the subjects named before it (A区、B区2个区完成…)
}

var (
	doubleRe      = regexp.MustCompile(`翻(?:(一|两|二|三)番|番)`)
	cnNumRe       = regexp.MustCompile(`((?:[两二三四五六七八九十]|一[十百千万亿])[零一二三四五六七八九十百千]{0,3})((?:万|亿)?(?:所|个|家|座|条|处|名|支|套|间|张|台|辆|场|次|成|批次|项|户|人次|人|公里|千米|亩|吨|部|册|株|棵))`)
	coordFigRe    = regexp.MustCompile(`^(?:和|、|及|与|，)\d`)
	forRe         = regexp.MustCompile(`^[^，,；;。]{0,30}?(?:提供|实施|开展|发放|免费|安装|配备|办理|落实|进行|给予|建立)`)
	cnOneRe       = regexp.MustCompile(`(一(?:所|个|家|座|条|处|支|套|台|项))(?:[。；;，,]|$)`)
	cnSkipRe      = regexp.MustCompile(`[“‘"「第]$`)
	cnPostRe      = regexp.MustCompile(`^[”’"」一]`)
	namesBeforeRe = regexp.MustCompile(`(?:区|县|市|镇|乡|街道|旗|等)$`)
	doneAfterRe   = regexp.MustCompile(`^\p{Han}{2,24}?(?:完成|建成|实现|通过|开工|投入使用|投用|达标)`)
)

// cnDigits writes the Chinese numerals that count things (两所, 十二家,
// 三成) as ASCII digits padded with blanks to the same byte width; at tells
// which byte offsets start such a figure.
func cnDigits(text string) (string, map[int]bool) {
	ms := cnNumRe.FindAllStringSubmatchIndex(text, -1)
	// 一个 is mostly an article (打造一个…平台); at the end of a clause, after
	// its noun (新建配送中心一个), it counts.
	for _, m := range cnOneRe.FindAllStringSubmatchIndex(text, -1) {
		ms = append(ms, []int{m[2], m[3], m[2], m[2] + len("一"), m[2] + len("一"), m[3]})
	}
	if ms == nil {
		return text, nil
	}
	at := map[int]bool{}
	b := []byte(text)
	for _, m := range ms {
		w := text[m[0]:m[1]]
		num, unit := text[m[2]:m[3]], text[m[4]:m[5]]
		if strings.HasSuffix(w, "批次") {
			continue
		}
		// 二次供水, 二次污染: a word, not a count.
		if w == "二次" {
			if r, _ := utf8.DecodeRuneInString(text[m[1]:]); unicode.Is(unicode.Han, r) {
				continue
			}
		}
		// 一万户: the numeral's own 万 or 亿 stays with the unit.
		if u, ok := strings.CutPrefix(num[len("一"):], ""); ok && strings.HasPrefix(num, "一") && (strings.HasPrefix(u, "万") || strings.HasPrefix(u, "亿")) && len(u) == len("万") {
			num, unit = "一", u+unit
		}
		v, ok := cnValue(num)
		if !ok || v == 0 {
			continue
		}
		var rep string
		if unit == "成" {
			// 三成 is 30%.
			d := strconv.Itoa(v * 10)
			rep = d + strings.Repeat(" ", len(w)-len(d)-1) + "%"
		} else {
			d := strconv.Itoa(v)
			rep = d + strings.Repeat(" ", len(num)-len(d)) + unit
		}
		if len(rep) != len(w) {
			continue
		}
		copy(b[m[0]:m[1]], rep)
		at[m[0]] = true
	}
	return string(b), at
}

// Chinese numerals' digits and multipliers, read once.
var (
	cnDigitValues = map[rune]int{'一': 1, '二': 2, '两': 2, '三': 3, '四': 4, '五': 5, '六': 6, '七': 7, '八': 8, '九': 9, '零': 0, '〇': 0}
	cnMultipliers = map[rune]int{'十': 10, '百': 100, '千': 1000}
)

// cnValue reads a Chinese numeral up to the thousands (十二, 一百二十, 两千).
func cnValue(s string) (int, bool) {
	d, mul := cnDigitValues, cnMultipliers
	n, cur := 0, 0
	for _, r := range s {
		if m, ok := mul[r]; ok {
			if cur == 0 {
				cur = 1
			}
			n += cur * m
			cur = 0
			continue
		}
		v, ok := d[r]
		if !ok {
			return 0, false
		}
		cur = v
	}
	return n + cur, true
}

// sentenceState carries what a sentence states once for all its clauses.
type sentenceState struct {
	deadline  time.Time
	hasDL     bool
	aspire    bool
	subject   string
	subjectA  int // start of the clause the subject comes from
	past      bool
	yearPast  bool // past since a clause opened with a past year
	prevTitle string
	titles    []string // the sentence's targets so far, for 分别 baselines in brackets
	// clause counts the sentence's clauses read so far; dlMid and aspireMid
	// say that the deadline or the 力争 came after the first clause, so that
	// they end at the next ；. inherited: the deadline is a heading's.
	clause           int
	dlMid, aspireMid bool
	inherited        bool
	dlBefore         bool // the deadline is a date to finish before (2027年底前), not a horizon (到2027年)
}

// docContext is what the clause parser needs to know of the document.
type docContext struct {
	minYear    int // years before it are not deadlines (2000年年底前建成的)
	reportYear int // the year of a work report or an annual plan; 0 otherwise
	thisYear   int // 今年 / 年底前: the report's year, else the document's
	// loose: the document has no goal sections and no tasks (a news page, a
	// briefing); only paragraphs that quote a plan, or sentences with a
	// deadline or 力争/确保, hold targets. planPara: this paragraph quotes one.
	loose, planPara bool
	// inherited: the deadline a heading (二、2026年重点任务) or an
	// introduction (到2027年，实现以下目标：) states for what follows.
	inherited time.Time
	// assess: an assessment list; its scores and weights are rules.
	assess bool
	// issuedYear: the year of the document's date, when it states one.
	issuedYear int
	// parenBaseYear: the document says its brackets hold that year's
	// values (括号内为2025年数值).
	parenBaseYear int
}

var planRefRe = regexp.MustCompile(`《[^》]{0,60}(?:计划|方案|规划|意见|纲要|报告|措施|要点)|(?:行动计划|实施方案|行动方案|规划纲要|工作方案)(?:》)?(?:提出|明确|要求|指出|规定|强调)|(?:计划|方案|规划|意见)(?:提出|明确|要求)`)

// hasFutureDeadline tells whether a sentence names a deadline the plan is
// still to meet (到2025年, 2027年底前).
func hasFutureDeadline(s string, dc docContext) bool {
	for _, m := range dateRe.FindAllStringSubmatch(s, -1) {
		w := m[0]
		if (strings.HasPrefix(w, "到") || strings.HasPrefix(w, "至") || strings.HasSuffix(w, "前")) && atoi(m[1]) >= dc.minYear {
			return true
		}
	}
	return fypRe.MatchString(s) && strings.Contains(s, "到") || nextYearRe.MatchString(s)
}

// rawTarget is a candidate before defaults and owners are filled in.
type rawTarget struct {
	c       Candidate
	hasDL   bool
	para    int
	base    *baseFact
	guessed bool
	table   bool // a row of an indicator or task table
	// bareDone: a milestone that is only a completion verb (建成投用)
	// named after the clause before it.
	bareDone bool
}

// baseFact is a stated current value of an indicator (a baseline).
type baseFact struct {
	name  string
	value float64
	unit  string
	date  time.Time
	text  string
}

// parseRange extracts targets and baseline facts from a normalised range of
// a paragraph.
func parseRange(p *para, a, b int, dc docContext, inGoal, inTask, pastSection bool) ([]rawTarget, []baseFact) {
	var out []rawTarget
	var facts []baseFact
	s := p.text
	// 2025年，全市…取得新进展。全年…: a paragraph that opens with a year
	// before the plan's reviews that year in every sentence after it.
	reviewYear, prevCommit := false, false
	for k, sent := range sentences(s, a, b) {
		st := sentenceState{past: pastSection}
		if m := pastYearRe.FindStringSubmatch(s[sent.a:sent.b]); m != nil && !qualYearRe.MatchString(s[sent.a:sent.b]) {
			y := atoi(m[1])
			if k == 0 {
				reviewYear = y > 0 && y < dc.minYear
			} else if y >= dc.minYear {
				reviewYear = false
			}
		}
		if !dc.inherited.IsZero() {
			st.deadline, st.hasDL, st.inherited = dc.inherited, true, true
		}
		stext := s[sent.a:sent.b]
		committing := commitRe.MatchString(stext) || hasFutureDeadline(stext, dc) || looseCommit(stext, dc)
		if dc.loose && !dc.planPara && !committing && !(prevCommit && !pastRe.MatchString(stext)) {
			// A news page: figures outside the plan's paragraphs are news,
			// unless they go on from a sentence that commits (今年我们将…。
			// 同时，…覆盖率保持100%).
			st.past = true
		}
		prevCommit = committing || prevCommit && !pastRe.MatchString(stext)
		if !pastSection && pastRe.MatchString(stext) && !futureMarked(stext, dc) && (!(inGoal || inTask) || pastOnly(stext)) {
			// In a goal or a task, 较上年下降0.5个百分点 is a change to make;
			// elsewhere it reports one.
			st.past = true
		}
		if reviewYear && (futureMarked(stext, dc) || reviewEndRe.MatchString(stext)) {
			reviewYear = false
		}
		if reviewYear {
			st.past = true
		}
		// 全县现有养老机构45家: the present, a baseline.
		if !pastSection && presentRe.MatchString(stext) && !futureMarked(stext, dc) {
			st.past = true
		}
		if m := pastYearRe.FindStringSubmatch(stext); m != nil && !pastSection && !qualYearRe.MatchString(stext) {
			if y := atoi(m[1]); y > 0 && y < dc.minYear {
				st.past = true
			}
		}
		// “十四五”期间 in a plan that starts after it: a review.
		if m := fypRe.FindStringSubmatch(stext); m != nil && fypYear[m[1]] > 0 && fypYear[m[1]] < dc.minYear && !pastSection && !hasFutureDeadline(stext, dc) {
			st.past = true
		}
		// A question (问：…要完成多少个？) commits to nothing.
		if strings.HasSuffix(strings.TrimSpace(stext), "？") || strings.HasSuffix(strings.TrimSpace(stext), "?") {
			st.past = true
		}
		pastDate := pastDateOf(stext)
		// A 督查通报 quotes the targets it checks (市工信局牵头的“规模以上
		// 工业增加值增长7%”目标。1—9月…): the quote is a target, its unit
		// the lead; the progress after it is not.
		if m := quotedTargetRe.FindStringSubmatchIndex(stext); m != nil {
			qs := sentenceState{}
			if dc.thisYear > 0 {
				qs.deadline, qs.hasDL = endOf(dc.thisYear, 0), true
			}
			lead, _ := splitUnits(stext[m[2]:m[3]])
			ts, _ := parseClause(p, span{sent.a + m[4], sent.a + m[5]}, &qs, dc, true, true, time.Time{})
			for k := range ts {
				if allUnits(lead) {
					ts[k].c.Lead = lead
				}
				out = append(out, ts[k])
			}
			continue
		}
		sentFrom := len(out)
		prevClause := len(out)
		for _, cl := range clauses(s, sent) {
			cl = trimSpan(s, cl)
			if cl.b <= cl.a {
				continue
			}
			// 新建水厂，力争2027年6月底前建成通水；三年新建管网180公里: a
			// deadline or 力争 met mid-sentence ends at the ；.
			if st.clause > 0 && endsWithSemicolon(s[:cl.a]) {
				if st.dlMid {
					st.deadline, st.hasDL, st.dlMid = time.Time{}, false, false
					if !dc.inherited.IsZero() {
						st.deadline, st.hasDL, st.inherited = dc.inherited, true, true
					}
				}
				if st.aspireMid {
					st.aspire, st.aspireMid = false, false
				}
			}
			ts, fs := parseClause(p, cl, &st, dc, inGoal, inTask, pastDate)
			st.clause++
			// 新增学位1620个，2027年8月底前建成投用: the completion dates
			// the figures of the clause before; it is not a milestone of its own.
			if len(ts) == 1 && ts[0].bareDone && ts[0].hasDL && prevClause < len(out) {
				dated := false
				for k := prevClause; k < len(out); k++ {
					if out[k].c.Value != nil {
						out[k].c.Deadline, out[k].hasDL = ts[0].c.Deadline, true
						out[k].c.End = max(out[k].c.End, ts[0].c.End)
						dated = true
					}
				}
				if dated {
					ts = nil
				}
			}
			prevClause = len(out)
			ts = breakdown(s[cl.a:cl.b], ts, out[sentFrom:])
			out = append(out, ts...)
			facts = append(facts, fs...)
		}
	}
	return out, facts
}

// A sentence that opens with a year before the plan's (2025年全县… in a
// 2026 report) reports that year.
var presentRe = regexp.MustCompile(`(?:^|[，,；;])(?:全市|全县|全区|全省|全镇|全州|全旗|我市|我县|我区|我省|该市|该县|目前|当前|现阶段|截至目前)*(?:现有|共有|现存|尚有|拥有)[^，,；;。]{0,20}\d`)

var pastYearRe = regexp.MustCompile(`^(\d{4})年`)

// pastClauseRe: a clause that opens with a year as its time (2024年全县…,
// 2025年末，), not as a qualifier (2000年底前建成的小区).
var pastClauseRe = regexp.MustCompile(`^(\d{4})年(?:底|末)?(?:[，,：:]|全|我|本|共|累计|实际|完成|实现|该|各|为|是|\d)`)

// pastOnly tells whether a sentence has a past marker other than a
// comparison with the year before (较上年, 比上年, 同比).
func pastOnly(s string) bool {
	for _, m := range pastRe.FindAllString(s, -1) {
		if !versusLastRe.MatchString(m) {
			return true
		}
	}
	return false
}

var versusLastRe = regexp.MustCompile(`^(?:较上年|比上年|同比|上年)$`)

// qualYearRe: a year that qualifies a noun (2000年底前建成的小区), not the
// time of the sentence.
var qualYearRe = regexp.MustCompile(`^\d{4}年(?:\d{1,2}月)?(?:底|末)?(?:前|以前|之前)`)

// reviewEndRe: words that turn a review paragraph to what is to come.
var reviewEndRe = regexp.MustCompile(`今年|明年|年内|将|计划|要|目标|预期`)

func atoi(s string) int {
	n := 0
	for _, c := range s {
		if c < '0' || c > '9' {
			return n
		}
		n = n*10 + int(c-'0')
	}
	return n
}

// futureMarked tells whether a sentence with a past marker still commits to
// something: 到2026年, 力争, 确保, 目标.
func futureMarked(s string, dc docContext) bool {
	for _, m := range dateRe.FindAllStringSubmatch(s, -1) {
		if strings.HasPrefix(m[0], "到") || strings.HasSuffix(m[0], "前") {
			if atoi(m[1]) >= dc.minYear {
				return true
			}
		}
	}
	if strings.Contains(s, "截至") || strings.Contains(s, "截止") {
		for _, m := range dateRe.FindAllStringSubmatch(s, -1) {
			if strings.HasPrefix(m[0], "截至") || strings.HasPrefix(m[0], "截止") {
				return dc.reportYear > 0 && atoi(m[1]) >= dc.reportYear || dc.reportYear == 0 && atoi(m[1]) > dc.minYear
			}
		}
	}
	if m := fypRe.FindStringSubmatch(s); m != nil && (strings.HasPrefix(m[0], "到") || strings.HasPrefix(m[0], "至")) && fypYear[m[1]] >= dc.minYear {
		return true
	}
	return commitRe.MatchString(s) && !strings.Contains(s, "截至")
}

// pastDateOf is the date an achievement sentence speaks of (截至2023年底).
func pastDateOf(s string) time.Time {
	m := dateRe.FindStringSubmatch(s)
	if m == nil {
		return time.Time{}
	}
	return endOf(atoi(m[1]), atoi(m[2]))
}

// deadlineIn finds a deadline in a clause: its date and the range it covers.
func deadlineIn(s string, cl span, dc docContext) (time.Time, span, bool) {
	t := s[cl.a:cl.b]
	if m := fypRe.FindStringSubmatchIndex(t); m != nil && (m[4] >= 0 || strings.HasPrefix(t[m[0]:], "到") || strings.HasPrefix(t[m[0]:], "至")) {
		y := fypYear[t[m[2]:m[3]]]
		if y > 0 && y >= dc.minYear {
			return endOf(y, 0), span{cl.a + m[0], cl.a + m[1]}, true
		}
	}
	// 第三阶段（2026年7月—2027年5月）: a span ends at its end.
	if m := dateSpanRe.FindStringSubmatchIndex(t); m != nil {
		y := atoi(t[m[2]:m[3]])
		if m[6] >= 0 {
			y = atoi(t[m[6]:m[7]])
		}
		if mo := atoi(t[m[8]:m[9]]); y >= dc.minYear && y <= 2100 && mo >= 1 && mo <= 12 {
			return endOf(y, mo), span{cl.a + m[0], cl.a + m[1]}, true
		}
	}
	for _, m := range dateRe.FindAllStringSubmatchIndex(t, -1) {
		y := atoi(t[m[2]:m[3]])
		if y < dc.minYear || y > 2100 || dc.issuedYear > 0 && y < dc.issuedYear {
			continue
		}
		word := t[m[0]:m[1]]
		if strings.HasPrefix(word, "截至") || strings.HasPrefix(word, "截止") {
			continue
		}
		// A year in a name (2025年版) or followed by 的 (2022年的85%) is not a deadline.
		rest := t[m[1]:]
		if strings.HasPrefix(rest, "的") || strings.HasPrefix(rest, "版") || strings.HasPrefix(rest, "度") && !strings.HasPrefix(rest, "度前") {
			continue
		}
		mo := 0
		if m[4] >= 0 {
			mo = atoi(t[m[4]:m[5]])
		}
		if m[8] >= 0 && t[m[8]:m[9]] == "上半年" {
			mo = 6
		}
		return endOf(y, mo), span{cl.a + m[0], cl.a + m[1]}, true
	}
	if dc.reportYear > 0 {
		if d, sp, ok := monthDeadline(t, dc.reportYear); ok {
			return d, span{cl.a + sp.a, cl.a + sp.b}, true
		}
	}
	if m := nextYearRe.FindStringIndex(t); m != nil && dc.thisYear > 0 {
		return endOf(dc.thisYear+1, 0), span{cl.a + m[0], cl.a + m[1]}, true
	}
	if dc.thisYear > 0 {
		for _, m := range thisYearRe.FindAllStringIndex(t, -1) {
			// 2000年年底前 is a year's end, not this year's.
			if m[0] > 0 && (strings.HasSuffix(t[:m[0]], "年") || isDigit(t[m[0]-1])) {
				continue
			}
			// 两年内, 3年内: the plan's span, not this year.
			if strings.HasPrefix(t[m[0]:], "年内") && m[0] > 0 && strings.ContainsAny(t[max(0, m[0]-3):m[0]], "0123456789两二三四五六七八九十") {
				continue
			}
			return endOf(dc.thisYear, 0), span{cl.a + m[0], cl.a + m[1]}, true
		}
	}
	return time.Time{}, span{}, false
}

// monthDeadline reads a date within a year (6月底前, 三季度末前, 上半年)
// as one of the given year.
func monthDeadline(t string, year int) (time.Time, span, bool) {
	m := monthOnlyRe.FindStringSubmatchIndex(t)
	if m == nil {
		return time.Time{}, span{}, false
	}
	mo := 6 // 上半年
	switch {
	case m[4] >= 0:
		mo = atoi(t[m[4]:m[5]])
	case m[6] >= 0:
		mo = 3 * (1 + strings.Index("1234", t[m[6]:m[7]]))
		if mo == 0 {
			mo = 3 * (1 + strings.Index("一二三四", t[m[6]:m[7]])/len("一"))
		}
	}
	if mo < 1 || mo > 12 {
		return time.Time{}, span{}, false
	}
	return endOf(year, mo), span{m[2], m[3]}, true
}

// pastParenRe: a bracket that opens with a past year (（2025年：100%）,
// （2025年分别为89.4%、63.2%）).
var pastParenRe = regexp.MustCompile(`[（(](\d{4})年(?:底|末)?(?:[：:]|分别为|为|是|的)?`)

// pastParen tells whether the figure at offset at of the clause text sits
// in a bracket that opens with a year before the plan's (（2025年：100%）),
// or in a bare bracket after a figure when the document says its brackets
// hold a base year's values (括号内为2025年数值); k is its place among the
// n figures of that bracket, y the year.
func pastParen(text string, at int, toks []token, i, base int, dc docContext) (k, n, y int, ok bool) {
	open := strings.LastIndexAny(text[:at], "（(")
	if open < 0 || strings.ContainsAny(text[open:at], "）)") {
		return 0, 0, 0, false
	}
	if m := pastParenRe.FindStringSubmatch(text[open:]); m != nil && strings.HasPrefix(text[open:], m[0]) && atoi(m[1]) < dc.minYear {
		y = atoi(m[1])
	} else if dc.parenBaseYear > 0 && figureParenRe.MatchString(text[open:]) && i > 0 {
		y = dc.parenBaseYear
	} else {
		return 0, 0, 0, false
	}
	end := strings.IndexAny(text[open:], "）)")
	if end < 0 {
		end = len(text) - open
	}
	for j, t := range toks {
		if a := t.a - base; a > open && a < open+end {
			if j < i {
				k++
			}
			n++
		}
	}
	return k, n, y, true
}

var dateSpanRe = regexp.MustCompile(`(\d{4})\s*年\s*((?:\d{1,2})\s*月)?\s*(?:—|－|-|至|到|~|～)\s*(?:(\d{4})\s*年\s*)?(\d{1,2})\s*月`)

var figureParenRe = regexp.MustCompile(`^[（(]\s*[\d.]+\s*[^（）()，,；;。\d]{0,10}[）)]`)

// parseClause reads one clause.
func parseClause(p *para, cl span, st *sentenceState, dc docContext, inGoal, inTask bool, pastDate time.Time) ([]rawTarget, []baseFact) {
	s := p.text
	text := s[cl.a:cl.b]
	dl, dlSpan, hasDL := deadlineIn(s, cl, dc)
	if !hasDL && st.hasDL {
		// 今年…，其中6月底前完成8所: a month of the sentence's year.
		if d, sp, ok := monthDeadline(text, st.deadline.Year()); ok {
			dl, dlSpan, hasDL = d, span{cl.a + sp.a, cl.a + sp.b}, true
		}
	}
	if hasDL {
		st.deadline, st.hasDL, st.inherited = dl, true, false
		st.dlMid = st.clause > 0
		st.dlBefore = strings.HasSuffix(s[dlSpan.a:dlSpan.b], "前")
		if st.yearPast {
			st.past, st.yearPast = false, false
		}
	}
	// …，2024年全县投入2800万元: a clause that opens with a year before the
	// plan's states a fact, and so do the clauses after it until a deadline.
	if m := pastClauseRe.FindStringSubmatch(strings.TrimLeft(text, "，,；;、 ")); m != nil && !hasDL && !st.past {
		if y := atoi(m[1]); y > 0 && (y < dc.minYear || dc.issuedYear > 0 && y < dc.issuedYear) {
			// A year before the plan's, or before the document was issued
			// (a monitoring report of 2027 on 2026).
			st.past, st.yearPast = true, true
		}
	}
	// A clause that is only a deadline or 力争 sets the sentence's context.
	rest := text
	if hasDL {
		rest = s[cl.a:dlSpan.a] + s[dlSpan.b:cl.b]
	}
	restTrim := strings.Trim(rest, "，,；;：: ")
	if restTrim == "" || restTrim == "底" || restTrim == "末" {
		return nil, nil
	}
	clauseAspire := false
	if hasDL && aspireRe.MatchString(s[dlSpan.a:dlSpan.b]) {
		// 力争2026年底前…: the deadline's words carry the 力争.
		st.aspire, st.aspireMid = true, st.clause > 0
	}
	if loc := aspireRe.FindStringIndex(rest); loc != nil {
		lead := strings.TrimLeft(rest[:loc[0]], "，,、")
		if lead == "" || fillerOnly(lead) {
			st.aspire, st.aspireMid = true, st.clause > 0
		} else {
			clauseAspire = true
		}
	}
	// 达到3万元以上、力争达到3.2万元: 力争 marks what follows it.
	aspireAt := cl.a
	if clauseAspire {
		if loc := aspireRe.FindStringIndex(text); loc != nil {
			aspireAt = cl.a + loc[0]
		}
	}
	if restTrim == "力争" || restTrim == "争取" || restTrim == "确保" || restTrim == "努力" {
		return nil, nil
	}
	if procRe.MatchString(rateNameRe.ReplaceAllString(text, "")) || compareRe.MatchString(text) {
		st.subject, st.subjectA = "", cl.a
		return nil, nil
	}
	toks := findTokens(s, cl, dlSpan, hasDL)
	if dc.assess && scoreRe.MatchString(text) || strongScoreRe.MatchString(text) {
		// An assessment's rules (权重8分, 每低1个百分点扣0.5分, 90分以上为
		// 优秀, 一票否决): what it scores, not what it commits to.
		toks = dropScores(s, cl, toks)
		if len(toks) == 0 {
			st.subject, st.subjectA = "", cl.a
			return nil, nil
		}
	}
	var out []rawTarget
	var facts []baseFact
	mk := func(t *token, title string, srcA int) rawTarget {
		c := Candidate{Title: title, Aspirational: st.aspire || clauseAspire && t.a >= aspireAt}
		a, b := p.orig(srcA, cl.b)
		c.Start, c.End = a, b
		rt := rawTarget{c: c, hasDL: st.hasDL}
		if st.hasDL {
			rt.c.Deadline = st.deadline
		}
		return rt
	}
	// Starting figures (由2022年的85%提高到90%) are baselines of the next figure.
	var from *token
	clauseStart := cl.a
	// X、Y和Z分别达到90%、85%和80%: one subject per figure, in order.
	var respectively []string
	if k := strings.Index(text, "分别"); k >= 0 && len(toks) > 1 && toks[0].a > cl.a+k {
		parts := subjSplitRe.Split(cleanTitle(stripDeadlines(text[:k])), -1)
		if len(parts) == len(toks) {
			respectively = parts
		}
	}
	var partDL time.Time // 其中2027年底前达到90%、2028年底前达到95%: each part's own date
	for i := range toks {
		t := &toks[i]
		if i > 0 {
			if d, _, ok := deadlineIn(s, span{toks[i-1].b, t.a}, dc); ok {
				partDL = d
			}
		}
		if st.prevTitle != "" || i > 0 {
			// 改造老旧小区85个、惠及居民3.2万户: whom the work reaches.
			lead := s[cl.a:t.a]
			if i > 0 {
				lead = s[toks[i-1].b:t.a]
			}
			if scopeRe.MatchString(strings.TrimLeft(lead, "，,、")) {
				continue
			}
		}
		if t.verbClass == vFrom {
			from = t
			continue
		}
		// 达到92%以上（2025年：89.4%）: a bracket that opens with a year
		// before the plan's gives the baselines of the targets before it.
		if k, n, y, ok := pastParen(text, t.a-cl.a, toks, i, cl.a, dc); ok && len(st.titles) >= n {
			facts = append(facts, baseFact{name: st.titles[len(st.titles)-n+k], value: t.value, unit: t.unit, date: endOf(y, 0), text: strings.TrimSpace(text)})
			continue
		}
		title, srcA := tokenTitle(s, cl, toks, i, st)
		if respectively != nil {
			title = respectively[i]
		}
		if st.past || t.verbClass == vIs {
			if title != "" {
				facts = append(facts, baseFact{name: title, value: t.value, unit: t.unit, date: pastDate, text: strings.TrimSpace(text)})
			}
			continue
		}
		for _, part := range splitShared(splitRateList(title), t) {
			rt := mk(t, part, srcA)
			if !partDL.IsZero() {
				rt.c.Deadline, rt.hasDL = partDL, true
			}
			fillFromToken(&rt, t, s[cl.a:t.a], part)
			if rt.c.Kind == "annual" && !hasDL && st.hasDL && !st.inherited && st.dlBefore {
				// 县财政每年安排…不少于800万元 after a 2027年底前 clause:
				// every year of the plan, to its end.
				rt.hasDL, rt.c.Deadline = false, time.Time{}
			}
			if from != nil {
				rt.base = &baseFact{name: part, value: from.value, unit: from.unit, text: text}
				if m := dateRe.FindStringSubmatch(s[clauseStart:from.a]); m != nil {
					rt.base.date = endOf(atoi(m[1]), atoi(m[2]))
				}
			}
			out = append(out, rt)
			st.titles = append(st.titles, rt.c.Title)
		}
		from = nil
		st.prevTitle = title
	}
	if len(toks) == 0 && !st.past && (st.hasDL || inGoal || inTask) && !rhetoricRe.MatchString(text) && !orgRe.MatchString(text) && !labelOnlyRe.MatchString(text) && !strings.HasSuffix(text, "的") && !strings.HasPrefix(s[cl.b:], "：") && !strings.HasPrefix(s[cl.b:], ":") {
		out = append(out, noNumberTargets(p, cl, st, dlSpan, hasDL, clauseAspire)...)
	}
	if len(out) == 0 && len(facts) == 0 {
		// A clause without a figure may name the subject of the next one
		// (提高…保障标准，年均增幅不低于8%).
		st.subject, st.subjectA = cleanTitle(subjVerbRe.ReplaceAllString(strings.Trim(rest, "，,；;：: "), "")), cl.a
	} else if len(out) > 0 {
		st.subject, st.subjectA = out[len(out)-1].c.Title, cl.a
	} else if len(facts) > 0 && facts[len(facts)-1].name != "" && facts[len(facts)-1].name != st.subject {
		// 目前…比重是8.6%，到“十五五”末要达到12%: the next figure's subject.
		st.subject, st.subjectA = facts[len(facts)-1].name, cl.a
	}
	return out, facts
}

func endsWithSemicolon(s string) bool {
	s = strings.TrimRight(s, " \t")
	return strings.HasSuffix(s, "；") || strings.HasSuffix(s, ";")
}

func fillerOnly(s string) bool {
	return fillerRe.ReplaceAllString(s, "") == ""
}

// findTokens finds the figures of a clause that are values: bound to a
// verb, or standing at the end of the clause (or of one of its 、 parts).
func findTokens(s string, cl span, dl span, hasDL bool) []token {
	text := s[cl.a:cl.b]
	var out []token
	verbs := verbRe.FindAllStringIndex(text, -1)
	add := func(t token) {
		out = append(out, t)
	}
	for _, m := range ratioRe.FindAllStringSubmatchIndex(text, -1) {
		t := token{a: cl.a + m[0], b: cl.a + m[1], numA: cl.a + m[2], numB: cl.a + m[3], value: parseFloat(text[m[2]:m[3]]), ratio: true, unit: ":" + text[m[4]:m[5]], verbClass: vNone}
		bindVerb(&t, text, cl.a, verbs)
		if t.verb != "" || strings.Contains(text[:m[0]], "比") {
			add(t)
		}
	}
	// 两所, 五个, 三成: Chinese numerals, read as digits of the same width
	// so that offsets still index the text; they count only after a verb.
	text, cnAt := cnDigits(text)
	for _, m := range doubleRe.FindAllStringSubmatchIndex(text, -1) {
		// 比2025年翻一番: a rise of 100%.
		n := 1
		if m[2] >= 0 {
			n, _ = chineseNumber(text[m[2]:m[3]])
		}
		v := float64(int(1)<<n-1) * 100
		add(token{a: cl.a + m[0], b: cl.a + m[1], numA: cl.a + m[0], numB: cl.a + m[1], value: v, unit: "%", verb: "翻番", verbClass: vRate, verbA: cl.a + m[0], endOfClause: true})
	}
	// 收入比缩小到2.1以内, 恩格尔系数降至28以下: a figure without a unit
	// after a ratio or a coefficient and its verb.
	for _, m := range bareRe.FindAllStringSubmatchIndex(text, -1) {
		a, b := cl.a+m[2], cl.a+m[3]
		if numUnitRe.MatchString(text[m[2]:]) && numUnitRe.FindStringIndex(text[m[2]:])[0] == 0 {
			continue
		}
		if strings.HasPrefix(text[m[3]:], ":") || strings.HasPrefix(text[m[3]:], "：") || strings.HasPrefix(text[m[3]:], ".") || m[2] > 0 && isDigit(text[m[2]-1]) {
			continue
		}
		overl := false
		for _, t := range out {
			if a < t.b && b > t.a {
				overl = true
			}
		}
		if overl {
			continue
		}
		t := token{a: a, b: b, numA: a, numB: b, value: parseFloat(text[m[2]:m[3]]), verbClass: vNone}
		bindVerb(&t, text, cl.a, verbs)
		if t.verb == "" {
			continue
		}
		if mm := afterBoundRe.FindString(text[m[3]:]); mm != "" {
			t.bound = mm
			t.b += len(mm)
		}
		t.approx = t.bound == "左右"
		t.endOfClause = true
		t.ratio = ratioWordRe.MatchString(text[:m[2]])
		add(t)
	}
	for _, m := range numUnitRe.FindAllStringSubmatchIndex(text, -1) {
		a, b := cl.a+m[0], cl.a+m[1]
		if hasDL && a < dl.b && b > dl.a {
			continue
		}
		overl := false
		for _, t := range out {
			if a < t.b && b > t.a {
				overl = true
			}
		}
		if overl {
			continue
		}
		unit := text[m[8]:m[9]]
		num := text[m[2]:m[3]]
		pre := text[:m[0]]
		post := text[m[1]:]
		// Dates, years, document numbers, ordinals and names.
		if strings.HasSuffix(unit, "年") && (len(num) == 4 && !strings.Contains(num, ".") || strings.HasPrefix(post, "底") || strings.HasPrefix(post, "末") || strings.HasPrefix(post, "前")) {
			continue
		}
		if strings.HasPrefix(post, "月") || strings.HasPrefix(post, "号") || strings.HasPrefix(post, "日") || strings.HasSuffix(pre, "第") || strings.HasSuffix(pre, "〔") || strings.HasSuffix(pre, "+") || strings.HasPrefix(post, "+") || strings.HasSuffix(pre, ".") || strings.HasSuffix(pre, "_") && false {
			continue
		}
		if len(num) == 4 && num[0] == '2' && strings.HasPrefix(unit, "年") {
			continue
		}
		// 30日以内, 压缩至15日: a duration; 3月18日 is a date.
		if unit == "日" && (strings.HasSuffix(pre, "月") || !strings.HasPrefix(post, "以内") && !strings.HasPrefix(post, "内") && !strings.HasPrefix(post, "之内") && !shortenRe.MatchString(pre)) {
			continue
		}
		// 15分钟生活圈, 2小时交通圈: a name.
		if circleRe.MatchString(post) {
			continue
		}
		t := token{a: a, b: b, numA: cl.a + m[2], numB: cl.a + m[3], value: parseFloat(num), unit: unit, verbClass: vNone}
		if m[4] >= 0 {
			h := parseFloat(text[m[4]:m[5]])
			t.high = &h
		}
		if mm := afterBoundRe.FindString(post); mm != "" {
			t.bound = mm
			t.b += len(mm)
			post = post[len(mm):]
		}
		if approxBefore.MatchString(pre) || t.bound == "左右" || t.bound == "上下" {
			t.approx = true
		}
		bindVerb(&t, text, cl.a, verbs)
		// 下降3%和4%: the second figure shares the first one's verb; so
		// does a numeral in a list (新建三所幼儿园、五个养老服务站).
		if n := len(out); n > 0 && out[n-1].verb != "" && out[n-1].b <= a && coordRe.MatchString(s[out[n-1].b:a]) {
			if between := s[out[n-1].b:a]; utf8.RuneCountInString(between) <= 2 || cnAt[m[2]] && t.verb == "" && utf8.RuneCountInString(between) <= 12 && !strings.ContainsAny(between, "，,；;") {
				t.verb, t.verbClass, t.verbA, t.coord = out[n-1].verb, out[n-1].verbClass, out[n-1].verbA, true
				if utf8.RuneCountInString(between) > 2 {
					out[n-1].trailing = coordRe.ReplaceAllString(between, "")
				}
			}
		}
		// 建成城东水厂和4座区域性水厂: a figure after 和 counts what the
		// clause's opening verb does.
		if t.verb == "" && post != "" && coordRe.MatchString(pre) {
			if v := doStartRe.FindString(fillerRe.ReplaceAllString(strings.TrimLeft(pre, "，,、 "), "")); v != "" {
				t.verb, t.verbClass, t.verbA, t.countSubj = v, vDo, t.a, true
			}
		}
		// 为600名残疾人提供托养服务: 为 is "for"; the service is what is done.
		if t.verb == "为" && forRe.MatchString(post) {
			t.verb, t.verbClass, t.verbA = "提供", vDo, t.a
		}
		if cnAt[m[2]] {
			// 新建县级物流配送中心一个: the numeral after its noun, ending
			// a clause that opens with what is done.
			after := t.verb == "" && strings.Trim(post, "。；; ") == "" && doStartRe.MatchString(fillerRe.ReplaceAllString(strings.TrimLeft(pre, "，,、 "), ""))
			if t.verb == "" && !after || cnSkipRe.MatchString(pre) || cnPostRe.MatchString(post) || strings.HasSuffix(unit, "%") && t.verbClass != vGE && t.verbClass != vGT && t.verbClass != vLE && t.verbClass != vLT && t.bound == "" {
				continue
			}
		}
		if t.verb == "" && factNounRe.MatchString(pre) {
			continue
		}
		if (unit == "元" || unit == "万元") && (rewardRe.MatchString(pre) && !payVerbRe.MatchString(pre) || capStartRe.MatchString(pre)) {
			continue
		}
		// 城东水厂（设计日供水规模10万吨）: the size of what is built.
		if inSpecParen(text, m[0]) {
			continue
		}
		// 标准为每人每月100元: a standard as it stands, not one to reach.
		if statedStdRe.MatchString(pre) {
			continue
		}
		// 本规划共安排重大项目36项: the plan's own list.
		if planOwnRe.MatchString(pre) && (strings.HasSuffix(unit, "项") || strings.HasSuffix(unit, "个")) {
			continue
		}
		// 补助人数最多不超过50人, 补贴期限最长不超过3年: a rule's cap.
		if capAnyRe.MatchString(pre) {
			continue
		}
		// 按初级工1000元…的标准执行: a rate of a rule.
		if (strings.HasSuffix(unit, "元")) && byStandardRe.MatchString(text) {
			continue
		}
		// 达到50%以上的见习单位, 同意率达到90%以上的项目方可…: a condition
		// on whom a rule applies to, not a target.
		if pre != "" && conditionRe.MatchString(post) && (condRateRe.MatchString(pre) || condMustRe.MatchString(post)) {
			continue
		}
		// 主要指标共28项，其中约束性指标8项: the plan's own indicators.
		if strings.HasSuffix(unit, "项") && indicatorCountRe.MatchString(pre) {
			continue
		}
		// 进度快于预期的5项: a count of the indicators of a kind.
		if strings.HasSuffix(pre, "的") && (strings.HasSuffix(unit, "项") || strings.HasSuffix(unit, "个")) && strings.Trim(post, "。；;，, ") == "" {
			continue
		}
		// 每季度开展1次抽检, 每月召开2次调度会: how the work is run.
		if strings.HasSuffix(unit, "次") && frequencyRe.MatchString(pre) {
			continue
		}
		// 每户最高3000元, 每人每餐补助3元: a policy's rate or cap, not a
		// figure to reach (提高到每人每月820元 raises a standard: a target).
		if (unit == "元" || unit == "万元" || unit == "亿元") && (capRe.MatchString(pre) || allowanceRe.MatchString(pre) && t.verbClass != vGE && t.verbClass != vGT) {
			continue
		}
		// 建筑面积2.1万平方米: the size of what is built, not a figure to reach.
		if areaRe.MatchString(pre) {
			continue
		}
		// 项目总投资12亿元: a budget, not a commitment, unless 完成/达到.
		if investRe.MatchString(pre) && t.verbClass != vGE && t.verbClass != vGT && !strings.HasPrefix(t.verb, "完成") {
			continue
		}
		// 500人以上企业, 100张床位以上医院, 2000万元以上项目: a size that
		// qualifies a noun, not a figure to reach.
		if (t.bound == "以上" || t.bound == "及以上" || t.bound == "以下" || t.bound == "及以下") && post != "" && !strings.HasPrefix(post, "的目标") && !strings.HasPrefix(post, "、") && qualUnitRe.MatchString(unit) && !strings.HasPrefix(post, "）") && !strings.HasPrefix(post, ")") {
			continue
		}
		t.endOfClause = post == "" || noteOnlyRe.MatchString(post) || scoreParenRe.MatchString(post) && scoreParenRe.FindStringIndex(post)[0] == 0 || strings.HasPrefix(post, "、") || strings.HasPrefix(post, "的目标") || strings.HasPrefix(post, "）") || strings.HasPrefix(post, ")") || strings.HasPrefix(post, "。")
		trailing := post
		if i := strings.IndexAny(trailing, "、"); i >= 0 {
			trailing = trailing[:i]
		}
		if (strings.HasSuffix(unit, "件") || strings.HasSuffix(unit, "项") || strings.HasSuffix(unit, "个") || strings.HasSuffix(unit, "条") || strings.HasSuffix(unit, "大")) && ownItemsRe.MatchString(post) {
			continue
		}
		// 票决产生民生实事项目10件: the count of the document's own items.
		if (strings.HasSuffix(unit, "件") || strings.HasSuffix(unit, "项")) && ownItemsPreRe.MatchString(pre) {
			continue
		}
		if t.unit == "%" && strings.HasPrefix(post, "的") && strings.TrimSpace(pre) == "" {
			// 100%的专职社区工作者达到“全科社工”要求
			t.trailing = strings.TrimPrefix(post, "的")
			add(t)
			continue
		}
		switch {
		case t.verbClass == vFrom:
		case t.endOfClause:
		case t.verb != "" && coordFigRe.MatchString(post):
			// 分别下降3%和4%: the first of figures in a row.
		case t.verb != "" && (t.bound == "以上" || t.bound == "及以上") && !strings.HasSuffix(unit, "岁"):
			t.trailing = trailing
		case t.verb != "" && t.bound == "" && (t.verbClass == vGE || t.verbClass == vDo || t.verbClass == vGT || t.verbClass == vKeep) && !strings.HasSuffix(unit, "岁") && !strings.HasSuffix(unit, "年") && !strings.HasPrefix(post, "的"):
			t.trailing = trailing
		case t.verb == "" && (t.bound == "以上" || t.bound == "及以上") && !strings.HasSuffix(unit, "岁") && !strings.HasSuffix(unit, "年"):
			t.trailing = trailing
		case t.verb == "" && t.bound == "" && isCountUnit(unit) && namesBeforeRe.MatchString(pre) && doneAfterRe.MatchString(post):
			// 旅顺口区、…、金普新区6个县级广播电视台完成…: the count of the
			// places named, each doing what follows.
			t.trailing, t.countSubj = post, true
			t.verb, t.verbClass, t.verbA = "完成", vDo, t.a
		default:
			// 1台DR和1台彩超: the second figure shares the first one's verb.
			if n := len(out); n > 0 && !out[n-1].ratio && out[n-1].verb != "" && out[n-1].b <= a {
				between := s[out[n-1].b:a]
				if coordRe.MatchString(between) && utf8.RuneCountInString(between) <= 10 {
					t.verb, t.verbClass, t.verbA, t.coord = out[n-1].verb, out[n-1].verbClass, out[n-1].verbA, true
					t.trailing = trailing
					out[n-1].trailing = coordRe.ReplaceAllString(between, "")
					add(t)
				}
			}
			continue
		}
		add(t)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].a < out[j].a })
	return out
}

// bindVerb finds the verb governing a figure: the last verb before it, at
// most four characters away with no punctuation between.
func bindVerb(t *token, text string, off int, verbs [][]int) {
	na := t.a - off
	for i := len(verbs) - 1; i >= 0; i-- {
		v := verbs[i]
		if v[1] > na {
			continue
		}
		gap := text[v[1]:na]
		w := text[v[0]:v[1]]
		cls := verbClass[w]
		if cls == vFrom && fromGapRe.MatchString(gap) {
			t.verb, t.verbClass, t.verbA = w, cls, off+v[0]
			return
		}
		if utf8.RuneCountInString(gap) > 4 || strings.ContainsAny(gap, "，,；;、。：:0123456789") {
			break
		}
		if cls == vIs && gap != "" {
			break
		}
		if cls == vFrom && gap != "" && !strings.HasSuffix(gap, "的") {
			break
		}
		if cls == vRate && gap != "" && gap != "了" {
			// 提高…到: only a bare 提高N is a rise by N.
			if strings.HasSuffix(gap, "到") || strings.HasSuffix(gap, "至") {
				cls = vGE
			} else {
				break
			}
		}
		t.verb, t.verbClass, t.verbA = w, cls, off+v[0]
		return
	}
}

// tokenTitle is what a figure measures: the words of its part of the
// clause before the figure, without fillers and verbs, with the object
// written after it (1所公办中心幼儿园); a clause that starts with its verb
// borrows the subject of the clause before.
func tokenTitle(s string, cl span, toks []token, i int, st *sentenceState) (string, int) {
	t := toks[i]
	start := cl.a
	if i > 0 {
		start = toks[i-1].b
	}
	pre := s[start:t.a]
	pre = strings.TrimLeft(pre, "、，,和及与并")
	if t.verb != "" && t.verbA >= start && t.verbClass != vDo {
		pre = s[start:t.verbA]
		pre = strings.TrimLeft(pre, "、，,和及与并")
	}
	pre = stripDeadlines(pre)
	if t.verb == "翻番" {
		pre = strings.TrimSuffix(strings.TrimSpace(pre), "比")
	}
	title := cleanTitle(pre) + cleanTail(t.trailing)
	if t.countSubj {
		title = cleanTail(t.trailing)
	}
	if i > 0 && toks[i-1].verbClass == vFrom {
		title = cleanTitle(stripDeadlines(s[cl.a:toks[i-1].verbA]))
	}
	if t.coord && i > 0 {
		p := toks[i-1]
		end := p.a
		if p.verb != "" && p.verbA >= cl.a && p.verbA < p.a {
			end = p.verbA
		}
		title = cleanTitle(stripDeadlines(s[cl.a:end])) + cleanTail(t.trailing)
	}
	srcA := cl.a
	if rateWordRe.MatchString(title) && len(toks) == 1 && strings.TrimSpace(rateWordRe.ReplaceAllString(title, "")) == "" {
		title = ""
	}
	if st.subject != "" && bareMeasureRe.MatchString(title) {
		// 建筑工地落实…措施，达标率达到95%: whose rate, from the clause before.
		return st.subject + title, st.subjectA
	}
	if title == "" || bareTitleRe.MatchString(title) {
		if st.subject != "" {
			title = st.subject
			srcA = st.subjectA
		} else if i > 0 {
			title = cleanTitle(s[cl.a:toks[0].a])
		}
	}
	return title, srcA
}

var deadlineWordsRe = regexp.MustCompile(`(?:到|至)?明年(?:底|年底|末|年末)?(?:前|以前|之前)?|(?:于|在)?(?:\d{1,2}月(?:底|末)|第?[一二三四1-4]季度(?:末|底)|上半年)(?:前|以前|之前)|(?:到|至|在|于)?\d{4}年(?:\d{1,2}月)?(?:底|末|年底|年末)?(?:前|以前|之前)?|(?:到|至)?[“"]?十[二三四五六七八九]五[”"]?(?:末|期末|期间|时期)?|今年|全年`)

func stripDeadlines(s string) string { return deadlineWordsRe.ReplaceAllString(s, "") }

// spanWords: the plan's span or rhythm, as a title may open with it.
const spanWords = `三年|五年|两年|[两三四五\d]年内|每年|年均|全年|年内|累计|共`

// bareTitleRe: a title that is only a span and a verb (三年新增, 每年完成):
// what it counts is the subject of the clause before.
var (
	spanRe      = regexp.MustCompile(`^(?:` + spanWords + `)+`)
	bareTitleRe = regexp.MustCompile(`^(?:` + spanWords + `)*(?:新增|新建|完成|建成|培育|培训|实施|改造|建设|开展|举办|发放|认定|创建|打造|引进|达到|累计)?$`)
)

// bareMeasureRe: a rate without its subject (达标率, 覆盖率, 比例).
var bareMeasureRe = regexp.MustCompile(`^(?:达标|覆盖|合格|完成|办结|满意|知晓|参与|使用|利用|回收|处理|处置)?(?:率|比例|占比|比重)$`)

// perPersonYearRe: a per-person yearly rate (每人每年700元) is a standard, not a
// rhythm; neither is it part of a title.
var perPersonYearRe = regexp.MustCompile(`(?:每人|每户|每生|每床|人均|户均|生均)(?:每年|每月|每天|每日)`)

// perPersonTailRe: 提高到每人(每年) ends a title before a standard's figure.
var perPersonTailRe = regexp.MustCompile(`(?:提高到|提高至|提升到|提升至|达到|调整到|调整为|不低于)?(?:每人|每户|每生|每床|人均|户均|生均)(?:每年|每月|每天|每日)?$`)

// versusRe: the year a change is measured from (较2025年, 比2020年末).
var versusRe = regexp.MustCompile(`(?:较|比|相比|与)\d{4}年(?:底|末)?(?:相比)?|(?:同比|较上年|比上年|较去年|比去年)$`)

func cleanTitle(s string) string {
	s = scoreParenRe.ReplaceAllString(s, "")
	s = versusRe.ReplaceAllString(s, "")
	s = strings.Trim(s, "，,；;：:、 。")
	for {
		n := fillerRe.ReplaceAllString(s, "")
		n = tailVerbRe.ReplaceAllString(n, "")
		n = perPersonTailRe.ReplaceAllString(n, "")
		n = strings.Trim(n, "，,；;：:、 的在")
		if n == s {
			break
		}
		s = n
	}
	return s
}

func cleanTail(s string) string {
	s = strings.TrimSpace(scoreParenRe.ReplaceAllString(s, ""))
	if strings.HasPrefix(s, "（") || strings.HasPrefix(s, "(") {
		// 达到70%以上（2025年为63.2%）: a note after the figure, not its object.
		return ""
	}
	s = strings.TrimPrefix(s, "的")
	if i := strings.IndexAny(s, "，,；;。"); i >= 0 {
		s = s[:i]
	}
	if utf8.RuneCountInString(s) > 30 {
		return ""
	}
	return s
}

// fillFromToken sets comparator, value, unit and kind of a figure's target.
func fillFromToken(rt *rawTarget, t *token, clause, title string) {
	c := &rt.c
	v := t.value
	c.Value = &v
	c.Unit = t.unit
	c.Approximate = t.approx
	cmp := ">="
	switch t.verbClass {
	case vGT:
		cmp = ">"
	case vLE:
		cmp = "<="
	case vLT:
		cmp = "<"
	}
	switch t.bound {
	case "以上", "及以上":
		if cmp != ">" {
			cmp = ">="
		}
	case "以下", "及以下", "以内", "之内", "内":
		cmp = "<="
	}
	if t.approx {
		cmp = "="
	}
	if t.high != nil {
		rt.c.Doubts = append(rt.c.Doubts, DoubtTwoNumbers)
		// A range's bound: its lower end for at least, its upper end for at most.
		if cmp == "<=" || cmp == "<" {
			h := *t.high
			c.Value = &h
		}
	}
	c.Comparator = cmp
	pre := clause
	ub := unitBase(t.unit)
	switch {
	case t.ratio:
		c.Kind = "ratio"
		if t.verbClass == vGE && strings.Contains(t.verb, "缩小") {
			c.Comparator = "<="
		}
	case ub == "个百分点" || ub == "百分点" || t.verbClass == vRate || rateWordRe.MatchString(pre) && (ub == "%" || ub == "‰"):
		c.Kind = "rate"
	case (t.verbClass == vLE || t.verbClass == vLT) && isCountUnit(t.unit) && !strings.Contains(pre, "累计"):
		// 平均班额控制在45人以内: a cap, never a count of things done.
		c.Kind = "level"
	case strings.Contains(pre, "累计") && ub != "%":
		c.Kind = "cumulative"
	case isCountUnit(t.unit) && perDistRe.MatchString(fillerRe.ReplaceAllString(stripDeadlines(pre), "")):
		c.Kind = "per_district"
	case annualRe.MatchString(perPersonYearRe.ReplaceAllString(pre, "")) && (ub == "%" || ub == "‰"):
		c.Kind = "maintain"
	case strings.Contains(pre, "原则上") && !isCountUnit(t.unit):
		// A standing rule (原则上不低于80%) holds all along.
		c.Kind = "maintain"
	case annualRe.MatchString(perPersonYearRe.ReplaceAllString(pre, "")):
		c.Kind = "annual"
	case t.verbClass == vKeep || keepRe.MatchString(pre) && (ub == "%" || ub == "‰"):
		c.Kind = "maintain"
	case isCountUnit(t.unit) && (perPersonRe.MatchString(pre) || perUnitRe.MatchString(fillerRe.ReplaceAllString(stripDeadlines(pre), ""))):
		c.Kind = "level"
	case isCountUnit(t.unit) && stockStartRe.MatchString(title) && !strings.Contains(pre, "新") && !strings.Contains(pre, "累计"):
		// 开通航线30条, 拥有…50家: a stock to have by then.
		c.Kind = "level"
	case isCountUnit(t.unit) && (doStartRe.MatchString(title) || doStartRe.MatchString(spanRe.ReplaceAllString(fillerRe.ReplaceAllString(stripDeadlines(strings.TrimLeft(pre, "，,、；; ")), ""), ""))) && t.verbClass != vGE && t.verbClass != vGT:
		// 新建…, or (其中)今年新增200台 under a borrowed name: things done.
		c.Kind = "cumulative"
	case isCountUnit(t.unit) && atLeastRe.MatchString(t.verb+t.bound) && !levelWordRe.MatchString(title) && (doWordRe.MatchString(pre) || doWordRe.MatchString(title)):
		// 三年培训…不少于1500人次, 发放…不少于1亿元: at least so many done.
		c.Kind = "cumulative"
	case isCountUnit(t.unit) && ub != "元" && ub != "美元" && (t.verbClass == vGE && t.verb != "增加" || levelWordRe.MatchString(strings.ReplaceAll(title, "规模以上", ""))):
		c.Kind = "level"
	case (ub == "元" || ub == "美元") && (t.verbClass == vGE || t.verbClass == vGT || levelWordRe.MatchString(title) || strings.Contains(title, "收入") || strings.Contains(title, "总值")):
		c.Kind = "level"
	case isCountUnit(t.unit):
		c.Kind = "cumulative"
		if t.verbClass != vDo && !doWordRe.MatchString(pre) {
			rt.guessed = true
		}
	default:
		c.Kind = "level"
	}
}

// noNumberTargets finds targets without a figure in a clause: 清零, 全覆盖,
// 基本建成, 高于全国水平, 逐年下降.
func noNumberTargets(p *para, cl span, st *sentenceState, dl span, hasDL, clauseAspire bool) []rawTarget {
	s := p.text
	text := s[cl.a:cl.b]
	// The patterns that open a clause (完成…, 实现…对接) read it without its
	// deadline (9月底前实现…对接); blanks keep the offsets.
	masked := text
	if hasDL && dl.a >= cl.a && dl.b <= cl.b {
		masked = text[:dl.a-cl.a] + strings.Repeat(" ", dl.b-dl.a) + text[dl.b-cl.a:]
	}
	type hit struct {
		a, b int
		kind string
	}
	var hits []hit
	for _, r := range []struct {
		re   *regexp.Regexp
		kind string
	}{{allPassRe, "all"}, {coverRe, "cover"}, {zeroRe, "zero"}, {trendRe, "trend"}, {relativeRe, "relative"}, {milestoneRe, "milestone"}} {
		for from := 0; from < len(masked); {
			loc := r.re.FindStringIndex(masked[from:])
			if loc == nil {
				break
			}
			m := []int{from + loc[0], from + loc[1]}
			from = m[1]
			dup := false
			for _, h := range hits {
				if m[0] < h.b && m[1] > h.a {
					dup = true
				}
			}
			if r.kind == "zero" && strings.Contains(text[m[0]:m[1]], "消除") && strings.Contains(text[:m[0]], "基本") {
				continue
			}
			if r.kind == "milestone" && strings.HasPrefix(text[m[0]:], "建成") && !st.hasDL {
				// 2000年底前建成的小区改造基本完成: look again after 建成.
				from = m[0] + len("建成")
				continue
			}
			if !dup {
				hits = append(hits, hit{m[0], m[1], r.kind})
			}
		}
	}
	if len(hits) == 0 && st.hasDL && st.subject != "" && bareDoneRe.MatchString(cleanTitle(stripDeadlines(text))) {
		hits = append(hits, hit{0, len(text), "milestone"})
	}
	if len(hits) == 0 {
		return nil
	}
	sort.Slice(hits, func(i, j int) bool { return hits[i].a < hits[j].a })
	var out []rawTarget
	prev := 0
	for k, h := range hits {
		segStart := prev
		subj := stripDeadlines(text[segStart:h.a])
		prev = h.b
		title := cleanTitle(subj)
		var subjects []string
		end := len(text)
		if k+1 < len(hits) {
			end = hits[k+1].a
		}
		obj := cleanTail(strings.Trim(text[h.b:end], "，,；;。、 "))
		switch {
		case h.kind == "all" && obj != "" && title != "":
			// 全部配备消毒设备: the object after the verb is what all must have.
			subjects = []string{title + text[h.a:h.b] + obj}
		case h.kind == "cover" || h.kind == "trend" || h.kind == "all":
			subjects = splitSubjects(title)
		case h.kind == "milestone" || h.kind == "zero":
			// 基本建成现代化综合交通运输体系: the object follows the verb.
			subjects = []string{cleanTitle(stripDeadlines(text[segStart:end]))}
		default:
			// 居民收入增长和经济增长同步: keep the words a figure's title would drop.
			subjects = []string{strings.Trim(fillerRe.ReplaceAllString(strings.Trim(subj, "，,；;：:、 "), ""), "，,；;：:、 的")}
		}
		for _, sj := range subjects {
			// …收入达到3万元，增速高于城镇居民: the growth of that.
			if g := strings.TrimSuffix(strings.TrimSuffix(strings.TrimSuffix(sj, "持续"), "始终"), "继续"); (g == "增速" || g == "增幅") && st.prevTitle != "" {
				sj = st.prevTitle + g
			}
			if sj == "" {
				sj = st.prevTitle
			}
			// 600个…任务将全部完成 tells again of a counted target.
			if h.kind == "all" && countedRe.MatchString(title) {
				continue
			}
			if sj == "" {
				continue
			}
			from := cl.a
			bare := h.kind == "milestone" && st.subject != "" && bareDoneRe.MatchString(sj)
			if bare {
				// 新建县第三水厂，力争2027年建成通水: the plant, quoted with it.
				sj, from = st.subject+sj, st.subjectA
			}
			c := Candidate{Title: sj, Aspirational: st.aspire || clauseAspire, Comparator: "="}
			c.Start, c.End = p.orig(from, cl.b)
			switch h.kind {
			case "cover", "all":
				v := 100.0
				c.Kind, c.Value, c.Unit, c.Comparator = "level", &v, "%", ">="
			case "zero":
				c.Kind = "zero"
			case "trend":
				c.Kind = "trend"
				if downRe.MatchString(text[h.a:h.b]) {
					c.Comparator = "down"
				} else {
					c.Comparator = "up"
				}
			case "relative":
				c.Kind = "relative"
				hw := text[h.a:h.b]
				switch {
				case strings.Contains(hw, "高于") || strings.Contains(hw, "优于") || strings.Contains(hw, "快于"):
					c.Comparator = ">"
				case strings.Contains(hw, "同步"):
					c.Comparator = "="
				default:
					c.Comparator = ">="
				}
			case "milestone":
				c.Kind = "milestone"
			}
			rt := rawTarget{c: c, hasDL: st.hasDL, bareDone: bare}
			if st.hasDL {
				rt.c.Deadline = st.deadline
			}
			out = append(out, rt)
		}
	}
	return out
}

// splitSubjects cuts 县级中心、乡镇工作站 or 事故总量和死亡人数 into the
// things each measured.
func splitSubjects(s string) []string {
	if s == "" {
		return []string{""}
	}
	if depth(s) != 0 || strings.Contains(s, "等") {
		return []string{s}
	}
	parts := subjSplitRe.Split(s, -1)
	for _, p := range parts {
		if utf8.RuneCountInString(p) < 2 {
			return []string{s}
		}
	}
	return parts
}

var rateTailRe = regexp.MustCompile(`(?:率|比例|占比|比重|覆盖面|满意度|指数)$`)

// splitRateList cuts 核查率、回复率 (one figure for several rates) into one
// title each.
func splitRateList(title string) []string {
	if !strings.ContainsAny(title, "、和与及") || depth(title) != 0 {
		return []string{title}
	}
	// 、 first: 及 is also a word's character (及时率).
	parts := strings.Split(title, "、")
	if len(parts) == 1 {
		parts = subjSplitRe.Split(title, -1)
	}
	for _, p := range parts {
		if !rateTailRe.MatchString(p) {
			return []string{title}
		}
	}
	return parts
}

// subjVerbRe: the verb that opens a clause naming the subject of the next
// one (提高城乡低保标准，年均增幅不低于8%).
var subjVerbRe = regexp.MustCompile(`^(?:进一步|逐步|持续|稳步)?(?:提高|提升|降低|增加|扩大|完善|健全|调整|加大)`)

// sharedTailRe is the measure a 和/及 list shares: 城乡低保和特困人员救助供养
// 标准 is two standards, 城镇职工及城乡居民参保率 two rates.
var (
	sharedSepRe = regexp.MustCompile(`和|及|与`)
	notSepRe    = regexp.MustCompile(`^(?:及时|及以上|及以下|及其|及早|与时俱进|和谐)`)
)

var sharedTailRe = regexp.MustCompile(`(?:标准|\p{Han}{2}率|比例|占比|比重)$`)

// splitShared cuts a title whose subjects share one measure through 和/及/与
// into one title each, when the figure is a rate or a share.
func splitShared(titles []string, t *token) []string {
	if len(titles) != 1 || t.ratio {
		return titles
	}
	title := titles[0]
	u := unitBase(t.unit)
	if u != "%" && u != "‰" && u != "元" && u != "个百分点" || strings.Contains(title, "、") || depth(title) != 0 {
		return titles
	}
	tail := sharedTailRe.FindString(title)
	if tail == "" {
		return titles
	}
	var locs [][]int
	for _, l := range sharedSepRe.FindAllStringIndex(title, -1) {
		if !notSepRe.MatchString(title[l[0]:]) {
			locs = append(locs, l)
		}
	}
	if len(locs) != 1 || strings.Contains(title, "占") || strings.ContainsAny(title, "0123456789") {
		return titles
	}
	a, b := title[:locs[0][0]], title[locs[0][1]:]
	if utf8.RuneCountInString(a) < 2 || utf8.RuneCountInString(b) < 4 || sharedTailRe.MatchString(a) || strings.HasSuffix(a, "城乡") || strings.HasPrefix(b, "城乡") && false {
		return titles
	}
	// 居民收入和经济增长同步 or 城市和农村 are not two measures of one kind.
	if !strings.HasSuffix(b, tail) || utf8.RuneCountInString(b) <= utf8.RuneCountInString(tail) {
		return titles
	}
	return []string{a + tail, b}
}

// looseWillRe: what a news page or a briefing writes of what is still to
// be done (我市将…, 计划完成…).
var looseWillRe = regexp.MustCompile(`将|要|计划|拟|力争|争取|确保|目标是`)

// looseCommit tells whether a sentence of a news page commits to a figure:
// 将/要/计划 with a year still to come (2026年，我县将…) or 今年.
func looseCommit(s string, dc docContext) bool {
	if dc.thisYear > 0 && thisYearOnlyRe.MatchString(s) && !pastRe.MatchString(s) && !sinceRe.MatchString(s) {
		// 今年新建口袋公园18个: this year's work, told at its start.
		return true
	}
	if !looseWillRe.MatchString(s) {
		return false
	}
	for _, m := range dateRe.FindAllStringSubmatch(s, -1) {
		if !strings.HasPrefix(m[0], "截至") && !strings.HasPrefix(m[0], "截止") && atoi(m[1]) >= dc.minYear && atoi(m[1]) < 2100 {
			return true
		}
	}
	return dc.thisYear > 0 && thisYearRe.MatchString(s) || relPeriodRe.MatchString(s)
}

var (
	thisYearOnlyRe = regexp.MustCompile(`今年|明年`)
	sinceRe        = regexp.MustCompile(`今年以来|今年前|今年上半年|今年一季度|今年1[-－—至~]|今年\d`)
)

var quotedTargetRe = regexp.MustCompile(`([^，,。；;：:“”"]{2,30}?)牵头(?:的|负责的|落实的)[“"]([^”"]{4,60})[”"](?:目标|任务|指标)`)

// relPeriodRe: the plan's own span, told relative to it (两年内, 三年内,
// 方案实施期间).
var relPeriodRe = regexp.MustCompile(`(?:[两三四五\d]年内|(?:方案|计划|规划)实施期间|(?:方案|计划|规划)期内|行动期内)`)

var (
	scoreRe      = regexp.MustCompile(`[（(]\d+(?:\.\d+)?分[）)]|[（(]占\d|[扣加减]\s*(?:\d|[0-9.]+分|分)|扣完|满分|不得分|得分|分值|权重|为优秀|为良好|为合格|为不合格|为较好|为一般|为较差|一票否决|总分|计分|赋分|基础分|基本分|考核等次|等次`)
	scoreRuleRe  = regexp.MustCompile(`得该项|扣该项|该项分值|该项满分|插值法|^(?:分值|权重|考核总分|总分|满分|得分|计分|赋分|基础分|基本分)|每(?:低|少|高|多|下降|降低|增加|提高|超过|超|减少|增长|延迟|推迟|滞后|发生|出现)[^，,；;。]{0,12}(?:扣|加|减|得)|一票否决|为(?:优秀|良好|合格|不合格|较好|一般|较差)`)
	scoreParenRe = regexp.MustCompile(`[（(](?:[^（）()]*(?:权重|分值)[^（）()]*|占\d[^（）()]*|(?:共|计|满分)?\d+(?:\.\d+)?分)[）)]`)
	// strongScoreRe: rules of an assessment in any document.
	strongScoreRe = regexp.MustCompile(`[（(](?:共|计|满分)?\d+(?:\.\d+)?分[）)]|占总分|(?:考核|考评|评价)(?:结果)?占\d|得该项|该项分值|该项满分|插值法|加分|加\s*\d+(?:\.\d+)?\s*分|(?:优秀|良好|合格|不合格|较好|一般|较差)[（(]\d+(?:\.\d+)?分|\d+分(?:至|-|—|～)\d+分|扣\s*(?:\d|[0-9.]+分)|扣完|[（(]权重|权重为|一票否决|\d分(?:以上|以下)?为(?:优秀|良好|合格|不合格)`)
)

// dropScores keeps the figures of a clause that are not scores or weights.
func dropScores(s string, cl span, toks []token) []token {
	text := s[cl.a:cl.b]
	if scoreRuleRe.MatchString(text) {
		return nil
	}
	parens := scoreParenRe.FindAllStringIndex(text, -1)
	var out []token
	for _, t := range toks {
		// 占总分的60%: a weight.
		if strings.Contains(s[cl.a:t.a], "占总分") || strings.Contains(s[cl.a:t.a], "权重") || strings.HasSuffix(s[cl.a:t.a], "考核占") {
			continue
		}
		if strings.TrimLeft(t.unit, "万千百") == "分" && t.verbClass != vGE && t.verbClass != vGT && t.verbClass != vKeep {
			continue
		}
		in := false
		for _, p := range parens {
			if t.a >= cl.a+p[0] && t.b <= cl.a+p[1] {
				in = true
			}
		}
		if !in {
			out = append(out, t)
		}
	}
	return out
}

var (
	// 2026年、2027年、2028年分别完成200个、220个、180个
	perYearRe = regexp.MustCompile(`((?:\d{4}年(?:底前|底)?[、，,和及至]?){2,})分别`)
	yearRe    = regexp.MustCompile(`\d{4}`)
	figRe     = regexp.MustCompile(`\d+(?:\.\d+)?`)
	// 其中公共停车泊位4000个: a share of the total before it, without a verb
	// of its own.
	ofWhichRe = regexp.MustCompile(`^其中`)
	ownVerbRe = regexp.MustCompile(`新建|新增|改造|建成|完成|培训|建设|开展|举办|实施|筹集|培育|帮助|解决|带动|推出|创建|打造|引进|培养|救助|改扩建|达到|提高|提升|降至|降低|下降|保持|稳定在|控制在|增长|增加|减少|不低于|不少于|超过|力争|确保|分别`)
)

// breakdown handles the clauses that split a total stated before them in
// the sentence: per-year splits become targets each with its year and the
// total's title. (A 其中 share, with or without a verb, stays a target of
// its own: gold lists count it.)
var partRe = regexp.MustCompile(`^其中(?:\d{4}年(?:底前|年底前|前)?|今年|当年|年内)?(?:完成|建成|新建|新增|实施|改造|开工|建设|培训)?(?:约|不少于|至少)?\s*\d[\d.]*\s*\p{Han}{1,3}[。；;，,]?$`)

func breakdown(text string, ts, before []rawTarget) []rawTarget {
	if len(ts) == 0 {
		return ts
	}
	var prev *rawTarget
	if len(before) > 0 {
		prev = &before[len(before)-1]
	}
	// 其中2026年完成15个: the part due that year of the total before it.
	if prev != nil && len(ts) == 1 && partRe.MatchString(text) {
		ts[0].c.Title = prev.c.Title
		return ts
	}
	if m := perYearRe.FindStringSubmatchIndex(text); m != nil {
		years := yearRe.FindAllString(text[m[2]:m[3]], -1)
		figs := figRe.FindAllString(text[m[1]:], -1)
		if len(years) == len(ts) && len(figs) == len(ts) {
			a, b := ts[0].c.Start, ts[0].c.End
			for _, t := range ts {
				a, b = min(a, t.c.Start), max(b, t.c.End)
			}
			out := make([]rawTarget, 0, len(ts))
			for k, f := range figs {
				v, _ := strconv.ParseFloat(f, 64)
				for _, t := range ts {
					if t.c.Value != nil && *t.c.Value == v {
						t.c.Deadline, t.hasDL = endOf(atoi(years[k]), 0), true
						t.c.Start, t.c.End = a, b
						if prev != nil {
							t.c.Title = prev.c.Title
						}
						out = append(out, t)
						break
					}
				}
			}
			if len(out) == len(ts) {
				return out
			}
		}
		return ts
	}
	return ts
}
