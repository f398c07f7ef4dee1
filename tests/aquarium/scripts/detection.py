"""A detection upload script as a team would have it in its training pipeline.

Usage: detection.py API_ENDPOINT API_KEY PROJECT DATA.json
DATA.json holds the team's own data: classes, frames (image URL, size, boxes as
[left, top, width, height] pixels, an embedding) and the predictions of two models.
Written only against aquariumlearning's public API.
"""

import json
import sys

import aquariumlearning as al

endpoint, key, project, data_path = sys.argv[1:5]
with open(data_path) as handle:
    data = json.load(handle)

al_client = al.Client(api_endpoint=endpoint)
al_client.set_credentials(api_key=key)

if not al_client.project_exists(project):
    al_client.create_project(
        project,
        al.LabelClassMap.from_classnames(data["classes"]),
        primary_task=al.PrimaryTaskTypes.ObjectDetection,
        metrics_confidence_threshold=0.3,
        metrics_iou_threshold=0.5,
    )

dataset = al.LabeledDataset(
    al_client, "val", project, frame_embedding_model="resnet", label_embedding_model="resnet"
)
for frame in data["frames"]:
    labels = [
        al.Bbox2DLabel(
            id=label["id"],
            classification=label["class"],
            left=label["box"][0],
            top=label["box"][1],
            width=label["box"][2],
            height=label["box"][3],
            embedding=label.get("embedding"),
        )
        for label in frame["labels"]
    ]
    dataset.create_and_add_labeled_frame(
        frame_id=frame["id"],
        sensor_data=[al.Image(image_url=frame["image"], width=frame["width"], height=frame["height"])],
        labels=labels,
        user_metadata=[al.UserMetadataEntry("split", frame["split"])],
        embedding=frame["embedding"],
    )
al_client.create_or_update_labeled_dataset(dataset, wait_until_finish=True)
assert al_client.is_dataset_processed(project, "val"), "the dataset was not processed"

for name, frames in data["inferences"].items():
    inferences = al.InferenceSet(
        al_client, name, project, "val", frame_embedding_model="resnet", inference_embedding_model="resnet"
    )
    for frame in frames:
        inferences.create_and_add_inference_frame(
            frame_id=frame["id"],
            inferences=[
                al.Bbox2DInference(
                    id=pred["id"],
                    classification=pred["class"],
                    confidence=float(pred["confidence"]),
                    left=pred["box"][0],
                    top=pred["box"][1],
                    width=pred["box"][2],
                    height=pred["box"][3],
                    embedding=pred["embedding"],
                )
                for pred in frame["predictions"]
            ],
            embedding=frame["embedding"],
        )
    al_client.create_or_update_inference_set(inferences, wait_until_finish=True)
    assert al_client.is_inferences_processed(project, "val", name), f"{name} was not processed"

print(
    json.dumps(
        {
            "datasets": sorted(
                entry["id"] for entry in al_client.get_datasets(project, include_archived=True)
            ),
            "inferences_exist": [
                al_client.inferences_exists(project, "val", name) for name in data["inferences"]
            ],
            "frame_count": len(al_client.get_frame_ids(project, "val")),
        }
    )
)
