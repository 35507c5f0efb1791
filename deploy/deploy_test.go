// Package deploy holds what runs Goalpost beside its binary: the nginx
// configuration for several replicas. Its test checks that
// docker-compose.yml and that configuration agree, since nothing else runs
// them without Docker.
package deploy

import (
	"maps"
	"net/netip"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

type composeFile struct {
	Services map[string]struct {
		Image       string            `yaml:"image"`
		Build       string            `yaml:"build"`
		Profiles    []string          `yaml:"profiles"`
		Environment map[string]string `yaml:"environment"`
		Ports       []string          `yaml:"ports"`
		Volumes     []string          `yaml:"volumes"`
		DependsOn   map[string]struct {
			Condition string `yaml:"condition"`
		} `yaml:"depends_on"`
		Healthcheck *struct {
			Test []string `yaml:"test"`
		} `yaml:"healthcheck"`
		Networks map[string]struct {
			IPv4Address string `yaml:"ipv4_address"`
		} `yaml:"networks"`
	} `yaml:"services"`
	Networks map[string]struct {
		IPAM struct {
			Config []struct {
				Subnet string `yaml:"subnet"`
			} `yaml:"config"`
		} `yaml:"ipam"`
	} `yaml:"networks"`
}

// TestComposeRunsReplicasBehindNginx: `docker compose up` runs the database
// and one Goalpost on 8080 as before; `--profile replicas` adds a second
// replica, identical to the first, and nginx in front of both, which waits
// for both to be healthy and proxies to exactly those replicas with the
// forwarded headers, and the replicas trust nginx's address for them.
func TestComposeRunsReplicasBehindNginx(t *testing.T) {
	b, err := os.ReadFile("../docker-compose.yml")
	if err != nil {
		t.Fatal(err)
	}
	var c composeFile
	if err := yaml.Unmarshal(b, &c); err != nil {
		t.Fatalf("docker-compose.yml: %v", err)
	}
	var always, replicas []string
	for name, s := range c.Services {
		switch {
		case len(s.Profiles) == 0:
			always = append(always, name)
		case slices.Equal(s.Profiles, []string{"replicas"}):
			replicas = append(replicas, name)
		default:
			t.Errorf("service %s has profiles %v", name, s.Profiles)
		}
	}
	slices.Sort(always)
	slices.Sort(replicas)
	if !slices.Equal(always, []string{"app", "db"}) || !slices.Equal(replicas, []string{"app2", "lb"}) {
		t.Fatalf("services %v without a profile and %v with replicas; want [app db] and [app2 lb]", always, replicas)
	}
	app, app2, lb := c.Services["app"], c.Services["app2"], c.Services["lb"]
	if !slices.Equal(app.Ports, []string{"8080:8080"}) || len(app2.Ports) != 0 {
		t.Errorf("ports: app %v, app2 %v; want app on 8080 as before, app2 reached only through nginx", app.Ports, app2.Ports)
	}
	if app.Build != "." || app2.Build != "." || app.Environment["DATABASE_URL"] == "" ||
		!maps.Equal(app.Environment, app2.Environment) || app.Healthcheck == nil || app2.Healthcheck == nil ||
		app.DependsOn["db"].Condition != "service_healthy" || app2.DependsOn["db"].Condition != "service_healthy" {
		t.Errorf("the replicas differ or lack a health check:\napp  %+v\napp2 %+v", app, app2)
	}
	if !strings.HasPrefix(lb.Image, "nginx:") || lb.Healthcheck == nil ||
		!slices.Contains(lb.Volumes, "./deploy/nginx.conf:/etc/nginx/conf.d/default.conf:ro") {
		t.Errorf("lb: %+v", lb)
	}
	for _, r := range []string{"app", "app2"} {
		if lb.DependsOn[r].Condition != "service_healthy" {
			t.Errorf("nginx does not wait for %s to be healthy", r)
		}
	}
	// The replicas trust nginx's forwarded addresses, and only nginx's.
	lbAddr := lb.Networks["default"].IPv4Address
	subnet := c.Networks["default"].IPAM.Config
	if lbAddr == "" || app.Environment["GOALPOST_TRUSTED_PROXIES"] != lbAddr || len(subnet) != 1 ||
		!netip.MustParsePrefix(subnet[0].Subnet).Contains(netip.MustParseAddr(lbAddr)) {
		t.Errorf("GOALPOST_TRUSTED_PROXIES %q, nginx at %q in %v: want nginx's fixed address, in the network's subnet",
			app.Environment["GOALPOST_TRUSTED_PROXIES"], lbAddr, subnet)
	}

	conf, err := os.ReadFile("nginx.conf")
	if err != nil {
		t.Fatal(err)
	}
	var upstreams []string
	for _, m := range regexp.MustCompile(`(?m)^\s*server\s+([a-z0-9]+):8080\b`).FindAllStringSubmatch(string(conf), -1) {
		upstreams = append(upstreams, m[1])
	}
	if !slices.Equal(upstreams, []string{"app", "app2"}) {
		t.Errorf("nginx proxies to %v, want the replicas [app app2]", upstreams)
	}
	for _, line := range []string{
		"proxy_pass http://goalpost;",
		"keepalive 32;",
		"proxy_http_version 1.1;",
		`proxy_set_header Connection "";`,
		"proxy_set_header Host $host;",
		"proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;",
		"proxy_set_header X-Forwarded-Proto $scheme;",
	} {
		if !strings.Contains(string(conf), line) {
			t.Errorf("nginx.conf lacks %q", line)
		}
	}
}

// TestNginxAcceptsTheConfiguration runs `nginx -t` on deploy/nginx.conf (the
// replicas' names pointed at loopback, which the compose network resolves
// instead), where nginx is installed.
func TestNginxAcceptsTheConfiguration(t *testing.T) {
	nginx, err := exec.LookPath("nginx")
	if err != nil {
		t.Skip("nginx is not installed (apt-get install -y nginx)")
	}
	conf, err := os.ReadFile("nginx.conf")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	site := regexp.MustCompile(`server\s+app2?:8080`).ReplaceAllString(string(conf), "server 127.0.0.1:8080")
	if err := os.WriteFile(filepath.Join(dir, "site.conf"), []byte(site), 0o644); err != nil {
		t.Fatal(err)
	}
	// What the official image's /etc/nginx/nginx.conf wraps conf.d in.
	main := "pid " + filepath.Join(dir, "nginx.pid") + ";\nerror_log " + filepath.Join(dir, "error.log") + ";\n" +
		"events { worker_connections 1024; }\nhttp {\n    include " + filepath.Join(dir, "site.conf") + ";\n}\n"
	if err := os.WriteFile(filepath.Join(dir, "nginx.conf"), []byte(main), 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(nginx, "-t", "-p", dir, "-c", filepath.Join(dir, "nginx.conf"), "-e", filepath.Join(dir, "error.log")).CombinedOutput()
	if err != nil {
		t.Errorf("nginx -t: %v\n%s", err, out)
	}
}
