"""Frames with every kind of user metadata, two uploads into one dataset, a model, and segments
created, edited and read back. Prints what the client reads back, as JSON.

Usage: metadata_segments.py API_ENDPOINT API_KEY PROJECT IMAGE_BASE_URL
Written only against aquariumlearning's public API.
"""

import json
import sys

import aquariumlearning as al

endpoint, key, project, images = sys.argv[1:5]
al_client = al.Client(api_endpoint=endpoint)
al_client.set_credentials(api_key=key)
al_client.create_project(project, al.LabelClassMap.from_classnames(["car", "person"]))


def frame(dataset, n):
    dataset.create_and_add_labeled_frame(
        frame_id=f"drive_{n}",
        sensor_data=[al.Image(image_url=f"{images}/drive_{n}.png", width=640, height=480)],
        labels=[
            al.Bbox2DLabel(
                id=f"drive_{n}_car", classification="car", left=10 + n, top=20, width=100, height=50
            ),
            al.Bbox2DLabel(
                id=f"drive_{n}_person",
                classification="person",
                left=300,
                top=200,
                width=30,
                height=80,
                user_attrs={"occluded": n % 2 == 0},
            ),
        ],
        device_id="cam_A" if n % 2 else "cam_B",
        date_captured=f"2023-05-01T12:00:{n:02d}Z",
        geo_data=al.GeoData(37.77, -122.41),
        user_metadata=[
            al.UserMetadataEntry("weather", "rain" if n % 3 == 0 else "sun"),
            al.UserMetadataEntry("speed", float(n) * 2.5),
            al.UserMetadataEntry("lane", n % 4),
            al.UserMetadataEntry("night", n >= 6),
            al.UserMetadataEntry("tags", ["city", f"tag{n}"]),
        ],
    )


first = al.LabeledDataset(al_client, "drive", project)
for n in range(0, 6):
    frame(first, n)
al_client.create_or_update_labeled_dataset(first, wait_until_finish=True)
second = al.LabeledDataset(al_client, "drive", project)
for n in range(5, 10):  # drive_5 again (replaced), drive_6..9 new
    frame(second, n)
al_client.create_or_update_labeled_dataset(second, wait_until_finish=True)

model = al.InferenceSet(al_client, "yolo", project, "drive")
for n in range(10):
    model.create_and_add_inference_frame(
        frame_id=f"drive_{n}",
        inferences=[
            al.Bbox2DInference(
                id=f"drive_{n}_pred",
                classification="car",
                confidence=0.5 + n / 40,
                left=12 + n,
                top=21,
                width=98,
                height=50,
            )
        ],
    )
al_client.create_or_update_inference_set(model, wait_until_finish=True)

segments = al.SegmentManager(al_client, project)


def frames(ids):
    return [al.SegmentElement(element_id=i, frame_id=i, element_type="frame", dataset="drive") for i in ids]


split = segments.create_segment(
    "test split", "drive", frames(["drive_0", "drive_1"]), "frame", segment_type="Split"
)
night = segments.create_segment(
    "night", "drive", frames(["drive_6", "drive_7"]), "frame", segment_type="Regression Test"
)
segments.add_elements_to_segment(night, frames(["drive_8", "drive_9", "drive_6"]))
segments.remove_elements_from_segment(night, frames(["drive_7"]))
segments.update_segment_state(night, "inProgress")
segments.update_segment_name(split, "holdout")
crops = segments.create_segment(
    "false cars",
    "drive",
    [
        al.SegmentElement(
            element_id="drive_3_pred",
            frame_id="drive_3",
            element_type="crop",
            crop_type="inference",
            dataset="drive",
            inference_set="inferences_drive_yolo",
        ),
        al.SegmentElement(
            element_id="drive_3_car",
            frame_id="drive_3",
            element_type="crop",
            crop_type="label",
            dataset="drive",
            inference_set="inferences_drive_yolo",
        ),
    ],
    "crop",
    inference_set="inferences_drive_yolo",
    segment_type="Scenario",
)
doomed = segments.create_segment("scratch", "drive", frames(["drive_2"]), "frame")
segments.delete_segment(doomed)

night_segment = segments.get_segment(night)
crop_segment = segments.get_segment(crops)
read_back = al_client.get_frames(project, "drive", ["drive_5", "drive_9"])
one = al_client.get_frame(project, "drive", "drive_0")
print(
    json.dumps(
        {
            "frame_ids": sorted(al_client.get_frame_ids(project, "drive")),
            "summaries": sorted(
                (s.name, s.template_type, s.state, s.element_type) for s in segments.list_segment_summaries()
            ),
            "night": sorted(e.frame_id for e in night_segment.elements),
            "night_state": night_segment.state,
            "crop_types": sorted((e.element_id, e.crop_type) for e in crop_segment.elements),
            "crop_inference_set": crop_segment.inference_set,
            "frames": {
                frame.id: {
                    "label_count": frame.crop_count(),
                    "metadata": sorted((m.key, json.dumps(m.val)) for m in frame.user_metadata),
                    "geo": frame.to_dict()["geo_data"],
                    "device": frame.device_id,
                    "image": frame.to_dict()["sensor_data"][0]["data_urls"]["image_url"],
                }
                for frame in [*read_back.values(), one]
            },
        }
    )
)
