package devstack

import (
	"encoding/json"
	"os"
	"slices"
	"sort"
	"strings"
)

// Demo is what the realm file says about the demo users and workspaces;
// Seed creates what the platform's automation would have made for them.
type Demo struct {
	Users      []DemoUser
	Workspaces []DemoWorkspace
}

// DemoUser is one person of the demo realm.
type DemoUser struct {
	Username string
	Email    string
}

// DemoWorkspace is one pk: role and everyone who holds it, directly or
// through a group.
type DemoWorkspace struct {
	Name    string
	Members []DemoUser
}

// ReadDemo reads the realm file.
func ReadDemo(path string) (Demo, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return Demo{}, err
	}
	var rf struct {
		Roles struct {
			Realm []struct{ Name string } `json:"realm"`
		} `json:"roles"`
		Groups []struct {
			Name       string   `json:"name"`
			RealmRoles []string `json:"realmRoles"`
		} `json:"groups"`
		Users []struct {
			Username       string   `json:"username"`
			Email          string   `json:"email"`
			Groups         []string `json:"groups"`
			RealmRoles     []string `json:"realmRoles"`
			ServiceAccount string   `json:"serviceAccountClientId"`
		} `json:"users"`
	}
	if err := json.Unmarshal(data, &rf); err != nil {
		return Demo{}, err
	}

	groupRoles := map[string][]string{}
	for _, g := range rf.Groups {
		groupRoles["/"+g.Name] = g.RealmRoles
	}
	members := map[string][]DemoUser{}
	var d Demo
	for _, u := range rf.Users {
		if u.ServiceAccount != "" {
			continue
		}
		du := DemoUser{Username: u.Username, Email: u.Email}
		d.Users = append(d.Users, du)
		roles := slices.Clone(u.RealmRoles)
		for _, g := range u.Groups {
			roles = append(roles, groupRoles[g]...)
		}
		slices.Sort(roles)
		for _, r := range slices.Compact(roles) {
			members[r] = append(members[r], du)
		}
	}
	for _, r := range rf.Roles.Realm {
		if name, ok := strings.CutPrefix(r.Name, "pk:"); ok {
			d.Workspaces = append(d.Workspaces, DemoWorkspace{Name: name, Members: members[r.Name]})
		}
	}
	sort.Slice(d.Workspaces, func(i, j int) bool { return d.Workspaces[i].Name < d.Workspaces[j].Name })
	return d, nil
}
