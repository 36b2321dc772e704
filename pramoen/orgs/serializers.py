from __future__ import annotations

from rest_framework import serializers

from pramoen.orgs.models import Agency, Committee, CommitteeMember, District, DistrictGroup


class DistrictGroupSerializer(serializers.ModelSerializer[DistrictGroup]):
    committee = serializers.IntegerField(
        source="committee.number", read_only=True, allow_null=True, default=None
    )
    district_codes = serializers.SerializerMethodField()

    class Meta:
        model = DistrictGroup
        fields = ["code", "name_th", "name_en", "color", "committee", "district_codes"]

    def get_district_codes(self, obj: DistrictGroup) -> list[int]:
        return sorted(d.code for d in obj.districts.all())


class AgencySerializer(serializers.ModelSerializer[Agency]):
    district = serializers.IntegerField(source="district.code", read_only=True, allow_null=True, default=None)
    committees = serializers.SerializerMethodField()

    class Meta:
        model = Agency
        fields = ["code", "kind", "name_th", "name_en", "abbr_th", "abbr_en", "district", "committees"]

    def get_committees(self, obj: Agency) -> list[int]:
        numbers = {c.number for c in obj.committees.all()}
        district = getattr(obj, "district", None)
        if district is not None and getattr(district.group, "committee", None) is not None:
            numbers.add(district.group.committee.number)
        return sorted(numbers)


class DistrictSerializer(serializers.ModelSerializer[District]):
    group = serializers.IntegerField(source="group.code", read_only=True)
    office = serializers.CharField(source="office.code", read_only=True)
    committee = serializers.SerializerMethodField()

    class Meta:
        model = District
        fields = [
            "code",
            "seq",
            "name_th",
            "name_en",
            "group",
            "office",
            "committee",
            "population",
            "area_km2",
            "communities",
            "schools",
        ]

    def get_committee(self, obj: District) -> int | None:
        committee = getattr(obj.group, "committee", None)
        return committee.number if committee is not None else None


class CommitteeMemberSerializer(serializers.ModelSerializer[CommitteeMember]):
    class Meta:
        model = CommitteeMember
        fields = ["name", "role"]


class CommitteeSerializer(serializers.ModelSerializer[Committee]):
    district_group = serializers.IntegerField(source="district_group.code", read_only=True)
    agencies: serializers.SlugRelatedField[Agency] = serializers.SlugRelatedField(
        slug_field="code", many=True, read_only=True
    )
    members = CommitteeMemberSerializer(many=True, read_only=True)

    class Meta:
        model = Committee
        fields = ["number", "theme_th", "theme_en", "district_group", "agencies", "members"]
